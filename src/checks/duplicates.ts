/** Another request in the same repository, reduced to what duplicate detection needs. */
export interface OtherRequest {
  number: number;
  open: boolean;
  closedAt: string | null;
  /** Normalized username from its form, or null when it has none that passes. */
  username: string | null;
}

export interface Duplicates {
  /** Open requests for the same account, oldest first. */
  open: number[];
  /** Requests for the same account closed within the window, newest first. */
  closed: { number: number; closedAt: string }[];
}

/**
 * Requests naming the same account, compared case-insensitively as the platform does. People
 * re-file when nobody answers, so recently closed ones are worth showing to maintainers too.
 */
export function findDuplicates(
  self: { number: number; username: string },
  others: readonly OtherRequest[],
  closedWithinDays: number,
  now: string,
): Duplicates {
  const wanted = self.username.toLowerCase();
  const since = Date.parse(now) - closedWithinDays * 86_400_000;
  const same = others.filter((o) => o.number !== self.number && o.username?.toLowerCase() === wanted);
  return {
    open: same
      .filter((o) => o.open)
      .map((o) => o.number)
      .sort((a, b) => a - b),
    closed: same
      .filter((o): o is OtherRequest & { closedAt: string } => !o.open && o.closedAt !== null && Date.parse(o.closedAt) >= since)
      .map((o) => ({ number: o.number, closedAt: o.closedAt }))
      .sort((a, b) => Date.parse(b.closedAt) - Date.parse(a.closedAt)),
  };
}
