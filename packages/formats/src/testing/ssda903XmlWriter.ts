import type { GenChild903, GenEpisode903 } from '../ssda903/ssda903.fixture.ts';
import type { Ssda903XmlFile } from '../ssda903/readSsda903Xml.ts';
import { seededRandom } from './seededRandom.ts';

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * Writes generated looked-after children (generate903Children) as one SSDA903 XML return, the same
 * children the CSV writer writes: root EXPSSDA903, per child a HEADER (CHILDID, UPN, SEX, DOB,
 * ETHNIC), its episodes (DECOM, RNE, LS, CIN, PL, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE,
 * HOME_POST, PL_POST, URN; in an EPISODES wrapper or bare, by the seed; in shuffled order) and an
 * OC3 section for care leavers. `iso` writes ISO dates.
 */
export function write903Xml(
  children: readonly GenChild903[],
  options: { iso?: boolean; seed?: number; name?: string } = {},
): Ssda903XmlFile {
  const rnd = seededRandom(options.seed ?? 1);
  const date = (d: string | undefined) => (d === undefined ? '' : options.iso ? d : dmy(d));
  const leaf = (name: string, text: string) => (text === '' ? `<${name}/>` : `<${name}>${text}</${name}>`);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<EXPSSDA903>'];
  for (const c of children) {
    out.push('  <CHILD>');
    out.push(
      `    <HEADER>${leaf('CHILDID', c.id)}${leaf('UPN', c.upn)}${leaf('SEX', c.sex)}${leaf('DOB', date(c.dob))}${leaf('ETHNIC', 'WBRI')}</HEADER>`,
    );
    const episodes: GenEpisode903[] = [...c.episodes, ...(c.secondPeriod ?? [])];
    for (let i = episodes.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [episodes[i], episodes[j]] = [episodes[j]!, episodes[i]!];
    }
    const wrapped = rnd() < 0.5;
    if (wrapped) out.push('    <EPISODES>');
    for (const e of episodes) {
      const fields = [
        leaf('DECOM', date(e.start)),
        leaf('RNE', e.rne),
        leaf('LS', e.ls),
        leaf('CIN', e.need),
        leaf('PL', e.place),
        leaf('PLACE_PROVIDER', 'PR1'),
        leaf('DEC', date(e.end)),
        leaf('REC', e.rec ?? ''),
        leaf('REASON_PLACE_CHANGE', ''),
        leaf('HOME_POST', c.homePost),
        leaf('PL_POST', 'ZZ9 9ZZ'),
        leaf('URN', 'SC123456'),
      ];
      out.push(
        `    ${wrapped ? '  ' : ''}<EPISODE>`,
        ...fields.map((f) => `      ${wrapped ? '  ' : ''}${f}`),
      );
      out.push(`    ${wrapped ? '  ' : ''}</EPISODE>`);
    }
    if (wrapped) out.push('    </EPISODES>');
    if (c.careLeaver) out.push('    <OC3><IN_TOUCH>YES</IN_TOUCH><ACTIV>F2</ACTIV><ACCOM>S</ACCOM></OC3>');
    out.push('  </CHILD>');
  }
  out.push('</EXPSSDA903>', '');
  return { name: options.name ?? 'ssda903.xml', xml: out.join('\n') };
}
