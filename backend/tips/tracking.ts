// The tracking link of a tip (`#bn-tip=REF.TOKEN`): no valibot, so the tip form's first chunk stays small.

/**
 * The citizen's tracking link: reference and token ride in the fragment, so they never reach
 * a server log or a Referer header.
 */
export function trackingLink(pageUrl: string, ref: string, token: string): string {
  const u = new URL(pageUrl);
  u.hash = `bn-tip=${encodeURIComponent(ref)}.${encodeURIComponent(token)}`;
  return u.toString();
}

/** Reads `#bn-tip=REF.TOKEN` (location.hash); null when absent. */
export function parseTrackingHash(hash: string): { ref: string; token: string } | null {
  const m = /(?:^#|&)bn-tip=(BT-\d{4}-\d{5,})\.([A-Za-z0-9_-]{20,64})/.exec(hash);
  return m?.[1] && m[2] ? { ref: m[1], token: m[2] } : null;
}
