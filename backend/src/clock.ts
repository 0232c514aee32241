/** "Now" is injected, so tests can pin it (token expiry, grace periods, reminders). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
