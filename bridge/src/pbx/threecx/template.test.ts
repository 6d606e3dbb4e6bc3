import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJournal } from './journal.js';
import type { ThreeCxContact } from './lookup-answer.js';
import { renderThreeCxTemplate, TEMPLATE_VERSION, THREECX_PATHS, xmlAttr, xmlText } from './template.js';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Entity references must be complete and known; a bare `&` is what makes 3CX reject an upload. */
function decode(raw: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare & in ${JSON.stringify(raw)}`);
    if (name in ENTITIES) return ENTITIES[name]!;
    const num = /^#(\d+)$/.exec(name) ?? /^#x([0-9a-f]+)$/i.exec(name);
    if (!num) throw new Error(`unknown entity &${name};`);
    return String.fromCodePoint(Number.parseInt(num[1]!, name.startsWith('#x') ? 16 : 10));
  });
}

/** Just enough of XML 1.0 to prove well-formedness: one root, nested tags, quoted attributes. */
function parseXml(xml: string): El {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('control character');
  const doc: El = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [doc];
  let i = /^<\?xml version="1\.0"[^?]*\?>/.exec(xml)?.[0].length ?? 0;
  while (i < xml.length) {
    const rest = xml.slice(i);
    const top = stack[stack.length - 1]!;
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0 || rest.slice(4, end).includes('--')) throw new Error(`bad comment at ${i}`);
      i += end + 3;
    } else if (rest.startsWith('</')) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(rest);
      if (!m || top.name !== m[1]) throw new Error(`unexpected ${rest.slice(0, 30)} inside <${top.name}>`);
      stack.pop();
      i += m[0].length;
    } else if (rest.startsWith('<')) {
      const m = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/.exec(rest);
      if (!m) throw new Error(`malformed tag at ${i}: ${rest.slice(0, 40)}`);
      if (top === doc && doc.children.length > 0) throw new Error('second root element');
      const el: El = { name: m[1]!, attrs: {}, children: [], text: '' };
      for (const a of m[2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/g)) {
        if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]}`);
        el.attrs[a[1]!] = decode(a[2]!);
      }
      top.children.push(el);
      if (!m[3]) stack.push(el);
      i += m[0].length;
    } else {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? undefined : next);
      if (top === doc && text.trim()) throw new Error('text outside the root');
      top.text += decode(text);
      i = next < 0 ? xml.length : next;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (doc.children.length !== 1) throw new Error('no root element');
  return doc.children[0]!;
}

const child = (el: El, name: string): El => {
  const found = el.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${el.name}> has no <${name}>`);
  return found;
};
const all = (el: El, name: string): El[] => el.children.filter((c) => c.name === name);

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const recorded = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');

const PUBLIC_URL = 'https://ringside.example.com';
const TOKEN = 'tok_9f2c';
const xml = renderThreeCxTemplate({ publicUrl: `${PUBLIC_URL}/`, token: TOKEN, name: 'Ringside' });
const crm = parseXml(xml);
const params = Object.fromEntries(all(child(crm, 'Parameters'), 'Parameter').map((p) => [p.attrs.Name!, p.attrs]));
const scenarios = all(child(crm, 'Scenarios'), 'Scenario');
const lookup = scenarios.find((s) => s.attrs.Id === '')!;
const report = scenarios.find((s) => s.attrs.Id === 'ReportCall')!;

/** What 3CX does with a template string: replace [Parameter] and [Variable] references. */
function expand(template: string, vars: Record<string, string>): string {
  return template.replace(/\[(\w+)\]/g, (whole, name: string) => vars[name] ?? whole);
}

describe('the well-formedness check itself', () => {
  it.each([
    ['<a>x & y</a>', 'bare &'],
    ['<a b="1 & 2"/>', 'bare &'],
    ['<a><b></a></b>', 'unexpected'],
    ['<a b=1/>', 'malformed'],
    ['<a b="<"/>', 'malformed'],
    ['<a b="1" b="2"/>', 'duplicate'],
    ['<a>', 'unclosed'],
    ['<a/><b/>', 'second root'],
    ['<a>&nbsp;</a>', 'unknown entity'],
    ['<!-- a -- b --><a/>', 'bad comment'],
  ])('rejects %j', (bad, why) => {
    expect(() => parseXml(bad)).toThrow(why);
  });
});

describe('renderThreeCxTemplate', () => {
  it('is a well-formed <Crm> template with the documented sections in order', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(crm.name).toBe('Crm');
    expect(crm.attrs).toMatchObject({ Name: 'Ringside', Version: String(TEMPLATE_VERSION), Country: 'DE' });
    expect(crm.children.map((c) => c.name)).toEqual(['Number', 'Connection', 'Parameters', 'Authentication', 'Scenarios']);
    // The whole number: 3CX's own last-digits suffix match is what we replace.
    expect(child(crm, 'Number').attrs).toEqual({ Prefix: 'Zeros', MaxLength: '' });
    expect(child(crm, 'Authentication').attrs.Type).toBe('No');
  });

  it("points at this bridge: the URL and the token are the parameters' defaults", () => {
    expect(params.RingsideUrl).toMatchObject({ Type: 'String', Default: PUBLIC_URL });
    expect(params.RingsideToken).toMatchObject({ Type: 'Password', Default: TOKEN });
    expect(params.ReportCallEnabled).toMatchObject({ Type: 'Boolean', Default: 'True' });
  });

  it('looks a number up with the GET that the recorded lookup request shows', () => {
    const request = child(lookup, 'Request').attrs;
    expect(request).toMatchObject({ RequestType: 'Get', ResponseType: 'Json' });
    const url = expand(request.Url!, { RingsideUrl: PUBLIC_URL, RingsideToken: TOKEN, Number: '00493023125741' });
    const [line] = recorded('lookup-request.txt').split('\r\n');
    expect(`GET ${url.slice(PUBLIC_URL.length)} HTTP/1.1`).toBe(line);
    expect(new URL(url).pathname).toBe(THREECX_PATHS.lookup);
  });

  it('reads every contact field that the lookup answer has, and only documented outputs', () => {
    const answerFields: (keyof ThreeCxContact)[] = [
      'EntityId', 'EntityType', 'FirstName', 'LastName', 'CompanyName', 'Email', 'PhoneBusiness', 'PhoneMobile', 'ContactUrl',
    ];
    expect(child(child(lookup, 'Rules'), 'Rule')).toMatchObject({ attrs: { Type: 'Any' }, text: 'contacts.EntityId' });
    const paths = all(child(lookup, 'Variables'), 'Variable').map((v) => v.attrs.Path);
    expect(paths.sort()).toEqual(answerFields.map((f) => `contacts.${f}`).sort());
    const outputs = all(child(lookup, 'Outputs'), 'Output').map((o) => o.attrs.Type);
    expect(outputs.sort()).toEqual([...answerFields].sort());
  });

  it('journals with a form POST whose fields the journal parser accepts', () => {
    const request = child(report, 'Request');
    expect(request.attrs).toMatchObject({
      SkipIf: '[ReportCallEnabled]!=True',
      RequestType: 'Post',
      RequestEncoding: 'UrlEncoded',
      RequestContentType: 'application/x-www-form-urlencoded',
    });
    expect(expand(request.attrs.Url!, { RingsideUrl: PUBLIC_URL, RingsideToken: TOKEN })).toBe(`${PUBLIC_URL}${THREECX_PATHS.journal}?token=${TOKEN}`);
    const values = all(child(request, 'PostValues'), 'Value');
    const [head, body] = recorded('journal-request.txt').split('\r\n\r\n');
    expect(head!.split('\r\n')[0]).toBe(`POST ${THREECX_PATHS.journal}?token=${TOKEN} HTTP/1.1`);
    const sent = new URLSearchParams(body);
    expect(values.map((v) => v.attrs.Key)).toEqual([...sent.keys()]);
    expect(parseJournal(Object.fromEntries(sent))).toMatchObject({ ok: true, value: { callType: 'Missed' } });
    // Dates go out in one fixed format, not the PBX locale's default text.
    const start = values.find((v) => v.attrs.Key === 'CallStartTimeUTC')!;
    expect(start.text).toBe('[[CallStartTimeUTC].ToString("yyyy-MM-dd HH:mm:ss")]');
  });

  it('escapes what it is given, so odd names, URLs and tokens cannot break the XML', () => {
    const odd = renderThreeCxTemplate({
      publicUrl: 'https://pbx.example.com/ringside?a=1&b="2"',
      token: 'a&b"c<d>e\'f g',
      name: 'Müller & Söhne <"CRM">\u0007',
    });
    const root = parseXml(odd);
    expect(root.attrs.Name).toBe('Müller & Söhne <"CRM">');
    const p = Object.fromEntries(all(child(root, 'Parameters'), 'Parameter').map((x) => [x.attrs.Name!, x.attrs.Default]));
    expect(p.RingsideUrl).toBe('https://pbx.example.com/ringside?a=1&b="2"');
    // URL-encoded once, so 3CX pasting it into a query string delivers it intact.
    expect(decodeURIComponent(p.RingsideToken!)).toBe('a&b"c<d>e\'f g');
  });

  it('defaults the name and never lets input end the comment or the document early', () => {
    const root = parseXml(renderThreeCxTemplate({ publicUrl: 'http://h:7070', token: '--><x>', name: '  ' }));
    expect(root.attrs.Name).toBe('Ringside');
  });
});

describe('xml escaping', () => {
  it.each([
    ['a & b', 'a &amp; b', 'a &amp; b'],
    ['<tag>', '&lt;tag&gt;', '&lt;tag&gt;'],
    ['say "hi" \'x\'', 'say "hi" \'x\'', 'say &quot;hi&quot; &apos;x&apos;'],
    ['&amp;', '&amp;amp;', '&amp;amp;'],
    ['bell\u0007tab\tnl\n', 'belltab\tnl\n', 'belltab\tnl\n'],
  ])('%j', (input, text, attr) => {
    expect(xmlText(input)).toBe(text);
    expect(xmlAttr(input)).toBe(attr);
    expect(decode(xmlAttr(input))).toBe(input.replace('\u0007', ''));
  });
});
