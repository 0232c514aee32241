import { describe, expect, it } from 'vitest';
import {
  applyPresenceEvent,
  countByStatus,
  parsePresenceEvent,
  reconnectDelayMs,
  visiblePeople,
  type PresencePerson,
} from './presence-state';

const person = (name: string, status: PresencePerson['status'], teamIds = ['t1']) => ({
  userId: `id-${name}`,
  name,
  teamIds,
  status,
  since: status === 'off' ? null : '2026-11-28T07:12:00.000Z',
});

describe('applyPresenceEvent', () => {
  it('takes a snapshot as it is, also over older state', () => {
    const board = applyPresenceEvent(
      { people: [person('Alt', 'working')] },
      { type: 'snapshot', people: [person('Erik', 'off')] },
    );
    expect(board.people?.map((p) => p.name)).toEqual(['Erik']);
  });

  it('replaces one person on a change and adds someone new', () => {
    let board = applyPresenceEvent(
      { people: null },
      { type: 'snapshot', people: [person('Erik', 'off'), person('Zoe', 'working')] },
    );
    board = applyPresenceEvent(board, { type: 'presence', person: person('Erik', 'working') });
    board = applyPresenceEvent(board, { type: 'presence', person: person('Neu', 'break') });
    expect(board.people?.map((p) => `${p.name}:${p.status}`)).toEqual([
      'Erik:working',
      'Zoe:working',
      'Neu:break',
    ]);
  });

  it('ignores a change that comes before any snapshot', () => {
    expect(
      applyPresenceEvent({ people: null }, { type: 'presence', person: person('Erik', 'working') }),
    ).toEqual({ people: null });
  });
});

describe('countByStatus and visiblePeople', () => {
  const people = [
    person('Zoe', 'working', ['t1']),
    person('Ärne', 'break', ['t2']),
    person('Ben', 'off', ['t1', 't2']),
    person('Carla', 'working', ['t2']),
  ];

  it('counts each status, zero included', () => {
    expect(countByStatus(people)).toEqual({ working: 2, break: 1, absent: 0, off: 1 });
  });

  it('filters by team and status and sorts by name', () => {
    expect(
      visiblePeople(people, { teamId: 't2', statuses: ['working', 'break', 'off'] }, 'de-DE').map(
        (p) => p.name,
      ),
    ).toEqual(['Ärne', 'Ben', 'Carla']);
    expect(
      visiblePeople(people, { teamId: null, statuses: ['working'] }, 'de-DE').map((p) => p.name),
    ).toEqual(['Carla', 'Zoe']);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from one second up to thirty', () => {
    const full = () => 1; // no random shortening
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => reconnectDelayMs(n, full))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });

  it('shortens by up to half at random', () => {
    expect(reconnectDelayMs(3, () => 0)).toBe(2000);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(3000);
  });
});

describe('parsePresenceEvent', () => {
  it('reads snapshots and changes of the contract', () => {
    const erik = person('Erik', 'working');
    expect(parsePresenceEvent('snapshot', JSON.stringify({ people: [erik] }))).toEqual({
      type: 'snapshot',
      people: [erik],
    });
    expect(parsePresenceEvent('presence', JSON.stringify(erik))).toEqual({
      type: 'presence',
      person: erik,
    });
  });

  it('drops broken JSON, unknown events and unknown statuses', () => {
    expect(parsePresenceEvent('presence', '{"userId":')).toBeNull();
    expect(parsePresenceEvent('message', JSON.stringify(person('E', 'off')))).toBeNull();
    expect(
      parsePresenceEvent('presence', JSON.stringify({ ...person('E', 'off'), status: 'sleeping' })),
    ).toBeNull();
    expect(parsePresenceEvent('snapshot', JSON.stringify({ people: 'none' }))).toBeNull();
  });
});
