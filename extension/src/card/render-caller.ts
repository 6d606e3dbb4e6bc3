import type { LookupResult } from '@ringside/shared';
import { html, type SafeHtml } from '../lib/html.js';
import type { RenderContext } from './context.js';
import { headline } from './names.js';
import { renderCustomer, type CustomerExtras } from './render-customer.js';
import { renderUnknownForms } from './render-unknown.js';

/** Several customers share the number: never silently the first, the agent picks. */
function renderCandidates(lookup: LookupResult, chosen: string | null, ctx: RenderContext, extras: CustomerExtras): SafeHtml {
  const { t } = ctx;
  const picked = chosen ? lookup.matches.find((m) => m.card.customerNo === chosen) : undefined;
  if (picked) {
    return html`<div class="candidates-chosen">
      <button type="button" class="link" data-action="unchoose">${t('candidates_back', String(lookup.matches.length))}</button>
      ${renderCustomer(picked.card, picked, ctx, extras)}
    </div>`;
  }
  return html`<section class="candidates">
    <h1 class="caller-number">${lookup.number.display}</h1>
    <p class="badge ambiguous">${t('card_match_ambiguous', String(lookup.matches.length))}</p>
    <h2>${t('candidates_title')}</h2>
    <ul class="results">${lookup.matches.map((m) => {
      const head = headline(m.card, m.contact);
      return html`<li class="candidate">
        <span class="candidate-text"><strong>${head.title}</strong>${head.company ? html` · ${head.company}` : ''}
          <span class="muted">${t('card_customer_no', m.card.customerNo)} · ${m.level === 'exact' ? t('card_match_exact') : t('card_match_switchboard', m.phone.number)}</span></span>
        <button type="button" data-action="choose" data-customer-no="${m.card.customerNo}">${t('candidates_choose')}</button>
      </li>`;
    })}</ul>
  </section>`;
}

/** Who is calling, for every lookup outcome the bridge can report. */
export function renderCaller(lookup: LookupResult, chosen: string | null, ctx: RenderContext, extras: CustomerExtras = {}): SafeHtml {
  const { t } = ctx;
  switch (lookup.status) {
    case 'known': {
      const m = lookup.matches[0];
      return m ? renderCustomer(m.card, m, ctx, extras) : renderCaller({ ...lookup, status: 'unknown' }, chosen, ctx);
    }
    case 'ambiguous':
      return renderCandidates(lookup, chosen, ctx, extras);
    case 'withheld':
      return html`<section class="caller-plain"><h1 class="caller-name">${t('caller_withheld')}</h1><p class="muted">${t('caller_withheld_hint')}</p></section>`;
    case 'internal':
      return html`<section class="caller-plain"><h1 class="caller-name">${t('caller_internal', lookup.number.display || lookup.number.raw)}</h1></section>`;
    case 'invalid':
      return html`<section class="caller-plain"><h1 class="caller-name">${t('caller_unknown')}</h1><p class="muted">${t('caller_invalid', lookup.number.raw)}</p></section>`;
    case 'unknown':
      return html`<section class="caller-unknown">
        <h1 class="caller-number">${lookup.number.display}</h1>
        <p class="badge unknown">${t('caller_unknown')}</p>
        <p class="muted">${t('caller_unknown_hint')}</p>
        ${renderUnknownForms(lookup.number, ctx)}
      </section>`;
  }
}
