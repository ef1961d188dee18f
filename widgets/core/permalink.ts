/**
 * Permanent links into a widget on its host page: one object (a plan, a job posting) named
 * by its id in the page's address, `#bn-plan=<id>` in the fragment (beside other `&` joined
 * fragment parameters when reading) or `?bn-job=<id>` in the query. Ids are UUIDs; anything
 * else in the address is not an id.
 */
const ID = /^[0-9a-f-]{36}$/i;

/** The id `param` names in the address's fragment (`#param=<id>` or `…&param=<id>`), else ''. */
export function fragmentId(param: string, hash: string = location.hash): string {
  return new RegExp(`(?:^#|&)${param}=([0-9a-f-]{36})`, 'i').exec(hash)?.[1] ?? '';
}

/** The id `param` names in the address's query (`?param=<id>`), else ''. */
export function queryId(param: string, href: string = location.href): string {
  const value = new URL(href).searchParams.get(param) ?? '';
  return ID.test(value) ? value : '';
}

/**
 * The address of the page showing `id` (or, with null, of the page showing none): the
 * fragment `#param=<id>`, or the query parameter with `mode: 'query'` (any fragment naming
 * `param` is dropped then, so the two cannot disagree).
 */
export function permalink(param: string, id: string | null, mode: 'fragment' | 'query' = 'fragment', href: string = location.href): string {
  const url = new URL(href);
  if (mode === 'fragment') {
    url.hash = id ? `${param}=${id}` : '';
  } else {
    if (id) url.searchParams.set(param, id);
    else url.searchParams.delete(param);
    if (url.hash.includes(`${param}=`)) url.hash = '';
  }
  return url.toString();
}
