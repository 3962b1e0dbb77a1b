import { describe, expect, it } from 'vitest';
import { sniffFormat } from './sniffFormat.ts';

describe('sniffFormat', () => {
  it.each([
    ['a.xlsx', '', 'annex-a'],
    ['log.ndjson', '{"case_ref":"x"}', 'ndjson'],
    ['cin-2022.xml', '<?xml version="1.0"?>\n<Message>\n<Header>', 'cin'],
    ['census', '\uFEFF<Message><Children>', 'cin'],
    ['other.xml', '<log><trace/></log>', undefined],
    ['903.xml', '<?xml version="1.0"?>\n<EXPSSDA903>\n  <CHILD>', 'ssda903-xml'],
    ['upload', '<CHILD>\n<HEADER><CHILDID>1</CHILDID>', 'ssda903-xml'],
    ['episodes.csv', 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n1,', 'ssda903-episodes'],
    ['header.csv', 'CHILD,SEX,DOB,ETHNIC,UPN\n', 'ssda903-header'],
    ['oc3.csv', '"CHILD","DOB","IN_TOUCH","ACTIV","ACCOM"\n', 'ssda903-care-leavers'],
    ['events.csv', 'case_ref,stage,entered_at,event\n', 'csv'],
    ['notes.pdf', '%PDF', undefined],
  ])('%s is %s', (name, head, kind) => expect(sniffFormat(name, head)).toBe(kind));
});
