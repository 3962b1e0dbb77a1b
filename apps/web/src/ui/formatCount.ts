/** A count as a British reader writes it (12,345): every figure on screen uses the same grouping. */
export const formatCount = (n: number): string => n.toLocaleString('en-GB');
