import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { importCinCensus } from '../cinCensus/importCinCensus.ts';
import { importSsda903 } from '../ssda903/importSsda903.ts';
import { buildWorkbook } from '../annexA/annexAWorkbook.fixture.ts';
import { importAnnexA } from '../annexA/importAnnexA.ts';
import {
  annexAQualityLines,
  cinQualityLines,
  continuationGapLines,
  qualityReportCsv,
  rejectedRowLines,
  ssda903QualityLines,
} from './qualityReportCsv.ts';

const pseudonymise = (id: string) => `h${id.length}`;

describe('qualityReportCsv', () => {
  it('lists every rejected and outside-the-pathway element of a CIN import, one line each', () => {
    const xml = `<Message><Children><Child><ChildIdentifiers><LAchildID>C1</LAchildID></ChildIdentifiers>
      <CINdetails><CINreferralDate>2021-05-01</CINreferralDate><ReferralSource>ZZ</ReferralSource>
      <CINPlanDates><CINPlanStartDate>2021-05-10</CINPlanStartDate></CINPlanDates><ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>`;
    const result = importCinCensus([{ name: 'c.xml', xml }], { pseudonymise });
    const rows = parse(qualityReportCsv(cinQualityLines(result.report)), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => [r.part, r.field, r.outcome])).toEqual([
      ['Child/CINdetails', 'ReferralSource', 'rejected'],
      ['Child/CINdetails/CINPlanDates', 'CINPlanStartDate', 'outside_pathway'],
    ]);
    expect(rows.length).toBe(result.report.counts.rejected + result.report.counts.outside_pathway);
  });

  it('lists the rows of an SSDA903 import not imported as they stood', () => {
    const csv =
      'CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n1,01/02/2019,S,C2,N1,U1,01/03/2019,X1\n1,01/03/2019,P,C2,N1,U2,,\n2,bad,S,C2,N1,U1,,\n';
    const result = importSsda903({ episodes: { name: 'e.csv', csv } }, { pseudonymise });
    const rows = parse(qualityReportCsv(ssda903QualityLines(result.report)), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => [r.part, r.row, r.field, r.outcome])).toEqual([
      ['episodes', '4', 'DECOM', 'rejected'],
      ['episodes', '3', 'RNE', 'merged'],
    ]);
  });

  // The report is downloaded and passed around: a refused cell is named by its place, never repeated.
  it('never repeats a cell value that looks like personal data, in any format', async () => {
    const pii = ['jane.smith@example.com', 'Jane Smith', '07700 900123'];
    const forms = ['jane', 'smith', '07700', '900123'];
    const cin = pii.map(
      (
        v,
        i,
      ) => `<Message><Children><Child><ChildIdentifiers><LAchildID>C${i}</LAchildID><GenderCurrent>${v}</GenderCurrent></ChildIdentifiers>
      <CINdetails><CINreferralDate>2021-05-01</CINreferralDate><ReferralSource>${v}</ReferralSource><PrimaryNeedCode>${v}</PrimaryNeedCode>
      <ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>`,
    );
    const cinLines = cinQualityLines(
      importCinCensus(
        cin.map((xml, i) => ({ name: `c${i}.xml`, xml })),
        { pseudonymise },
      ).report,
    );
    const episodes = `CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n${pii.map((v, i) => `${i},01/02/2019,"${v}","${v}",N1,"${v}","${v}",E11`).join('\n')}\n`;
    const ssdaLines = ssda903QualityLines(
      importSsda903({ episodes: { name: 'e.csv', csv: episodes } }, { pseudonymise }).report,
    );
    const workbook = await buildWorkbook([
      {
        name: 'List 3',
        header: ['Child Unique ID', 'Gender', 'Date of Referral', 'Referral Source', 'Referral NFA?'],
        rows: pii.map((v, i) => [`R${i}`, v, '2021-01-05', v, v]),
      },
    ]);
    const annexA = await importAnnexA(workbook, { pseudonymise, extractDate: '2021-03-31' });
    const annexLines = annexAQualityLines('a.xlsx', annexA);
    const storeLines = rejectedRowLines('log.csv', [
      {
        row: 2,
        code: 'pii_rejected',
        field: 'primary_need',
        message: 'primary_need looks like an email address.',
      },
    ]);
    for (const lines of [cinLines, ssdaLines, annexLines]) expect(lines.length).toBeGreaterThan(0);
    const csv = qualityReportCsv([...cinLines, ...ssdaLines, ...annexLines, ...storeLines]).toLowerCase();
    for (const form of forms) expect(csv).not.toContain(form);
    expect(csv).toContain('log.csv,events,2,primary_need,rejected,pii_rejected');
  });

  it('names a stored child that cannot continue by its stages and date, never its reference', () => {
    const lines = continuationGapLines([
      {
        case_ref: 'SECRET-REF',
        from: 'closed',
        to: 'looked_after',
        at: '2022-01-01',
        dropped: 2,
        flagged: false,
      },
    ]);
    expect(lines).toEqual([expect.objectContaining({ part: 'stored cases', outcome: 'outside_pathway' })]);
    expect(JSON.stringify(lines)).not.toContain('SECRET-REF');
    expect(lines[0]!.problem).toContain('closed cannot continue to looked_after (2022-01-01)');
  });
});
