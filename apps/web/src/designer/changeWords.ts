/** Field names as a designer reads them in the comparison list. */
const fieldNames: Record<string, string> = {
  label: 'Name',
  level: 'Level',
  group: 'Group',
  terminal: 'Terminal',
  timescale: 'Timescale',
  capacity: 'Capacity',
  duration: 'Duration model',
  costPerDay: 'Cost per day',
  kpiTags: 'KPI tags',
  to: 'Goes to',
  kind: 'Kind of move',
  weight: 'Routing weight',
  event: 'Event',
  from: 'From',
};

const unitWords: Record<string, string> = { working_days: 'working days', days: 'days', months: 'months' };

/** A field's name in words ("costPerDay" -> "Cost per day"). */
export function fieldName(field: string): string {
  const known = fieldNames[field];
  if (known) return known;
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field's value in words: no JSON, "none" for nothing, timescales and duration models spelled out. */
export function valueWords(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.length ? value.map(valueWords).join(', ') : 'none';
  const o = value as Record<string, unknown>;
  if (typeof o.value === 'number' && typeof o.unit === 'string')
    return `${o.value} ${unitWords[o.unit] ?? o.unit}`;
  if (typeof o.type === 'string') {
    const rest = Object.entries(o).filter(([k]) => k !== 'type');
    return `${o.type}${rest.length ? `, ${rest.map(([k, v]) => `${fieldName(k).toLowerCase()} ${valueWords(v)}`).join(', ')}` : ''}`;
  }
  return Object.entries(o)
    .map(([k, v]) => `${fieldName(k).toLowerCase()} ${valueWords(v)}`)
    .join(', ');
}
