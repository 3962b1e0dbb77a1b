import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { importCinCensus } from '../cinCensus/importCinCensus.ts';
import { importSsda903 } from '../ssda903/importSsda903.ts';
import { cinQualityLines, qualityReportCsv, ssda903QualityLines } from './qualityReportCsv.ts';

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
});
