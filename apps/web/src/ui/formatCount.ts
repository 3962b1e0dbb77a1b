/** A whole count as a British reader writes it (12,345); figures with decimals use simulation/format's num. */
export const formatCount = (n: number): string => n.toLocaleString('en-GB');
