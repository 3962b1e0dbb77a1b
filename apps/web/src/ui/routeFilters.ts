import type { RouteParams } from '../useHashRoute.ts';

/** Attribute filters held in a view's URL as `attr.<name>=a,b` (the API's own spelling). */
export function filtersOf(params: Record<string, string>): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith('attr.')) continue;
    const codes = value
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (codes.length) filters[key.slice(5)] = codes;
  }
  return filters;
}

/** Attribute filters as URL parameters (replacing any the view had). */
export function filterParams(params: RouteParams, filters: Record<string, string[]>): RouteParams {
  const next: RouteParams = {};
  for (const [k, v] of Object.entries(params)) if (!k.startsWith('attr.')) next[k] = v;
  for (const [name, codes] of Object.entries(filters)) next[`attr.${name}`] = codes.join(',');
  return next;
}
