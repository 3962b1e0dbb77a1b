import { CODED_ATTRIBUTES, defaultPathway } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { PII_PROBES, probeForms } from '../../../../machines/src/pii/piiProbes.fixture.ts';
import { dumpTables, leaksIn } from '../../../../tests/support/dumpTables.ts';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from '../anonymise/hmacKey.ts';
import type { IngestReport } from './IngestReport.ts';
import { ingestEvents } from './ingestEvents.ts';
import { csvBatches, ndjsonBatches } from './rowSources.ts';

const FORMS = PII_PROBES.flatMap((p) => probeForms(p.value));
// Every field of a row that is stored or echoed: each coded attribute, the event id, the stage, the event.
const TARGETS = [...CODED_ATTRIBUTES, 'event_id', 'stage', 'event'] as const;
type Row = Record<string, string>;

/** One case per (probe, field): a legal opening row, and for `event` a second row carrying the probe. */
function probeCases(prefix: string): Row[] {
  const rows: Row[] = [];
  PII_PROBES.forEach((probe, i) => {
    for (const target of TARGETS) {
      const ref = `${prefix}-${i}-${target}`;
      const open: Row = {
        case_ref: ref,
        stage: 'front_door',
        entered_at: '2025-01-06',
        event: '',
        event_id: '',
      };
      if (target === 'event') {
        rows.push(open, { ...open, stage: 'assessment', entered_at: '2025-01-07', event: probe.value });
      } else rows.push({ ...open, [target]: probe.value });
    }
  });
  return rows;
}

const csvQuote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const COLUMNS = ['case_ref', 'stage', 'entered_at', 'event', 'event_id', ...CODED_ATTRIBUTES];

async function* chunks(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}

describeEachEngine('PII probes through bulk ingest', ({ store, dataDir, engine }) => {
  let key: Buffer;
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    key = loadOrCreateHmacKey(dataDir());
  });

  const expectRefusedAndNothingStored = async (report: IngestReport, probeRows: number) => {
    expect(report.committed).toBe(true);
    expect(report.casesCreated).toBe(1);
    expect(report.rejectedRows).toBe(probeRows);
    expect(report.rejected.length + report.rejectedNotListed).toBe(probeRows);
    // No reason repeats the value it refused (reports are printed by the CLI).
    expect(leaksIn(JSON.stringify(report), FORMS)).toEqual([]);
    expect(leaksIn(await dumpTables(store()), FORMS)).toEqual([]);
  };

  it('refuses every probe in every field of a canonical CSV log, storing none of them', async () => {
    const rows = probeCases(`${engine}-csv`);
    const legit: Row = {
      case_ref: `${engine}-csv-ok`,
      stage: 'front_door',
      entered_at: '2025-01-06',
      referral_source: 'police',
    };
    const text = [
      COLUMNS.join(','),
      ...[...rows, legit].map((r) => COLUMNS.map((c) => csvQuote(r[c] ?? '')).join(',')),
    ].join('\n');
    const report = await ingestEvents(store(), csvBatches(chunks(`${text}\n`)), {
      mode: 'partial',
      hmacKey: key,
    });
    await expectRefusedAndNothingStored(report, PII_PROBES.length * TARGETS.length);
  });

  it('refuses every probe in every field and as a field name of an NDJSON log', async () => {
    const rows: Row[] = probeCases(`${engine}-nd`);
    PII_PROBES.forEach((probe, i) => {
      rows.push({
        case_ref: `${engine}-nd-key-${i}`,
        stage: 'front_door',
        entered_at: '2025-01-06',
        [probe.value]: 'x',
      });
    });
    const legit: Row = {
      case_ref: `${engine}-nd-ok`,
      stage: 'front_door',
      entered_at: '2025-01-06',
      sex: 'female',
    };
    const text = [...rows, legit].map((r) => JSON.stringify(r)).join('\n');
    const report = await ingestEvents(store(), ndjsonBatches(chunks(`${text}\n`)), {
      mode: 'partial',
      hmacKey: key,
    });
    await expectRefusedAndNothingStored(report, PII_PROBES.length * (TARGETS.length + 1));
    const codes = new Set(report.rejected.map((r) => r.code));
    expect(codes).toEqual(new Set(['pii_rejected']));
  });
});
