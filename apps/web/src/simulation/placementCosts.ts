/** One looked-after placement type: its share of children looked after and its weekly unit cost. */
export interface PlacementCost {
  type: string;
  /** Share of looked-after children in this placement (the shares add up to 1). */
  share: number;
  /** Weekly unit cost per child, GBP. */
  weekly: number;
}

/**
 * Illustrative defaults, GBP per child per week, to be replaced by the authority's own: shares in the
 * rough shape of England's looked-after children (SSDA903: about seven in ten fostered), unit costs
 * of the order the published Children's Social Care Demand Model and unit-cost studies use. Not
 * Jersey's figures; the analyst edits them.
 */
export const DEFAULT_PLACEMENT_COSTS: PlacementCost[] = [
  { type: 'Foster care (in-house)', share: 0.4, weekly: 550 },
  { type: 'Foster care (agency)', share: 0.22, weekly: 950 },
  { type: 'Kinship care', share: 0.12, weekly: 350 },
  { type: "Residential children's home", share: 0.12, weekly: 5500 },
  { type: 'Placed with parents', share: 0.07, weekly: 150 },
  { type: 'Supported accommodation (16+)', share: 0.07, weekly: 1500 },
];

/** Weekly cost series per placement type from the looked-after numbers: stock x share x unit cost. */
export function placementForecast(
  lookedAfter: { mean: number[]; lo: number[]; hi: number[] },
  costs: PlacementCost[],
): { type: string; mean: number[]; lo: number[]; hi: number[] }[] {
  const total = costs.reduce((a, c) => a + c.share, 0) || 1;
  return costs.map((c) => {
    const k = (c.share / total) * c.weekly;
    return {
      type: c.type,
      mean: lookedAfter.mean.map((x) => x * k),
      lo: lookedAfter.lo.map((x) => x * k),
      hi: lookedAfter.hi.map((x) => x * k),
    };
  });
}
