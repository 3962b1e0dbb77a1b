/** The audit identity of the caller (its token and role), spread into every audit row a route writes. */
export function actor(c: { get(key: 'caller'): { tokenId: number; role: string } }) {
  const caller = c.get('caller');
  return { tokenId: caller.tokenId, role: caller.role };
}
