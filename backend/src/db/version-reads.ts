/**
 * Reads of the version numbers that remembered answers are kept under (time_data_versions,
 * calendar_versions): every request waits for a read that began after it arrived, so an answer
 * is never older than the last committed change, whichever worker or process made it.
 *
 * A round trip to PostgreSQL costs far more than a remembered answer, so requests share reads:
 * at most one read of a group (a company) is on its way; who asks meanwhile waits for the next,
 * sent when that one is answered (the one on its way may have taken its snapshot before they
 * asked, the next cannot have), and that next read asks for all their keys at once.
 */
export class VersionReads {
  private reading = false;
  private waiting: {
    key: string;
    resolve: (version: string) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(
    /** The versions of the keys (a missing key is version '0'). */
    private readonly read: (keys: string[]) => Promise<ReadonlyMap<string, string>>,
    /** Called when no read is on its way or waiting any more (the owner may forget this). */
    private readonly idle: () => void,
  ) {}

  /** The key's version, read after this call. */
  next(key: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.reading) return;
      this.reading = true;
      this.sendSoon();
    });
  }

  /** After the requests read from the network in this turn of the event loop have asked too. */
  private sendSoon(): void {
    setImmediate(() => {
      const batch = this.waiting;
      this.waiting = [];
      this.read([...new Set(batch.map((w) => w.key))])
        .then(
          (versions) => batch.forEach((w) => w.resolve(versions.get(w.key) ?? '0')),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          if (this.waiting.length > 0) return this.sendSoon();
          this.reading = false;
          this.idle();
        });
    });
  }
}
