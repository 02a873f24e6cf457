/** Another request in the same repository, reduced to what duplicate detection needs. */
export interface OtherRequest {
  number: number;
  open: boolean;
  /** ISO creation time: the oldest open request is the original. */
  createdAt: string;
  closedAt: string | null;
  /** Normalized username from its form, or null when it has none that passes. */
  username: string | null;
}

export interface Duplicates {
  /** Open requests for the same account, oldest first. */
  open: number[];
  /**
   * The open request opened before this one (creation time, then number) that this one repeats;
   * null when this request is the oldest, whatever order the requests are handled in.
   */
  original: number | null;
  /** Requests for the same account closed within the window, newest first. */
  closed: { number: number; closedAt: string }[];
}

/**
 * Requests naming the same account, compared case-insensitively as the platform does. People
 * re-file when nobody answers, so recently closed ones are worth showing to maintainers too.
 */
export function findDuplicates(
  self: { number: number; username: string; createdAt: string },
  others: readonly OtherRequest[],
  closedWithinDays: number,
  now: string,
): Duplicates {
  const wanted = self.username.toLowerCase();
  const since = Date.parse(now) - closedWithinDays * 86_400_000;
  const same = others.filter((o) => o.number !== self.number && o.username?.toLowerCase() === wanted);
  const open = same.filter((o) => o.open).sort(byAge);
  const oldest = open[0];
  return {
    open: open.map((o) => o.number),
    original: oldest !== undefined && byAge(oldest, self) < 0 ? oldest.number : null,
    closed: same
      .filter((o): o is OtherRequest & { closedAt: string } => !o.open && o.closedAt !== null && Date.parse(o.closedAt) >= since)
      .map((o) => ({ number: o.number, closedAt: o.closedAt }))
      .sort((a, b) => Date.parse(b.closedAt) - Date.parse(a.closedAt)),
  };
}

/** Older first: creation time, then issue number. */
function byAge(a: { number: number; createdAt: string }, b: { number: number; createdAt: string }): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number;
}
