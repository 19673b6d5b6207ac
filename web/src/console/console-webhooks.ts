/**
 * The event's webhooks: each receiver with its latest delivery (a failing
 * one stands out), its recent deliveries on demand, a new one (its signing
 * secret shown once, there and then), a secret rotated, a webhook removed.
 */
import { api, get } from '../api';
import { field, h, replace } from '../dom';
import { when } from '../format';
import { act, messageArea } from '../status';
import type { CatalogueEvent } from '../types';
import { ct } from './words';

interface Delivery {
  seq: number;
  status: 'delivered' | 'failed';
  attempts: number;
  at: string;
  lastError?: string;
}

interface Webhook {
  id: string;
  url: string;
  createdAt: string;
  lastDelivery?: Delivery;
  deliveries?: Delivery[];
  secret?: string;
}

const deliveryText = (d: Delivery) =>
  d.status === 'delivered'
    ? ct('webhooks.delivered', { seq: d.seq, at: when(d.at) })
    : ct('webhooks.failedDelivery', { seq: d.seq, at: when(d.at), attempts: d.attempts, error: d.lastError ?? '' });

/** A secret shown once, with what to do with it. */
const secretNote = (secret: string) =>
  h('div', { class: 'secret-once', role: 'alert' }, h('p', null, ct('webhooks.secretOnce')), h('code', null, secret));

export async function consoleWebhooks(body: HTMLElement, event: CatalogueEvent, signal: AbortSignal): Promise<void> {
  const base = `/events/${encodeURIComponent(event.id)}/webhooks`;
  const list = h('div', { class: 'console-table-wrap' });
  const message = messageArea();
  const secretArea = h('div');

  async function load(): Promise<void> {
    const { items } = await get<{ items: Webhook[] }>(base, signal);
    replace(list, items.length === 0 ? h('p', { class: 'hint' }, ct('webhooks.none')) : h('table', { class: 'console-table' },
      h('thead', null, h('tr', null, ['webhooks.id', 'webhooks.url', 'webhooks.last', ''].map((key) => h('th', { scope: 'col' }, key ? ct(key as 'webhooks.id') : '')))),
      h('tbody', null, items.map((hook) => {
        const url = `${base}/${encodeURIComponent(hook.id)}`;
        const history = h('td', { colspan: 4, class: 'deliveries' });
        const historyRow = h('tr', { hidden: true }, history);
        const show = h('button', { type: 'button', class: 'secondary small' }, ct('webhooks.history'));
        const rotate = h('button', { type: 'button', class: 'secondary small' }, ct('webhooks.rotate'));
        const remove = h('button', { type: 'button', class: 'secondary small danger' }, ct('webhooks.delete'));
        show.addEventListener('click', () => void act(show, message, async () => {
          const { deliveries = [] } = await get<Webhook>(url, signal);
          replace(history, deliveries.length === 0 ? ct('webhooks.noDeliveries') : h('ul', { class: 'plain-list' }, deliveries.map((d) => h('li', { class: d.status }, deliveryText(d)))));
          historyRow.hidden = false;
          return ct('webhooks.historyShown', { id: hook.id });
        }));
        rotate.addEventListener('click', () => void act(rotate, message, async () => {
          // The old secret keeps signing beside the new one for an hour, while the receiver changes over.
          const { secret } = await api<{ secret: string }>('POST', `${url}/secret`, { body: { keepPreviousSeconds: 3600 } });
          replace(secretArea, secretNote(secret));
          return ct('webhooks.rotated', { id: hook.id });
        }));
        remove.addEventListener('click', () => {
          if (!confirm(ct('webhooks.deleteConfirm', { id: hook.id }))) return;
          void act(remove, message, async () => {
            await api('DELETE', url);
            await load();
            return ct('webhooks.deleted', { id: hook.id });
          });
        });
        const failing = hook.lastDelivery?.status === 'failed';
        return [
          h('tr', { 'data-webhook': hook.id, class: failing ? 'failing' : null },
            h('th', { scope: 'row' }, hook.id),
            h('td', { class: 'url' }, hook.url),
            h('td', null, hook.lastDelivery ? deliveryText(hook.lastDelivery) : ct('webhooks.noDeliveries')),
            h('td', null, h('div', { class: 'actions' }, show, rotate, remove))),
          historyRow,
        ];
      }))));
  }

  const id = h('input', { name: 'id', required: true, autocapitalize: 'none', spellcheck: 'false', 'data-path': 'path.webhookId' });
  const url = h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://', 'data-path': 'body.url' });
  const add = h('button', { type: 'submit' }, ct('webhooks.add'));
  const form = h('form', { class: 'console-form' },
    field(ct('webhooks.id'), id, h('span', { class: 'hint' }, ct('webhooks.idHint'))),
    field(ct('webhooks.url'), url, h('span', { class: 'hint' }, ct('webhooks.urlHint'))),
    h('div', { class: 'actions' }, add));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(add, message, async () => {
      const made = await api<Webhook>('PUT', `${base}/${encodeURIComponent(id.value.trim())}`, { body: { url: url.value.trim() } });
      replace(secretArea, made.secret ? secretNote(made.secret) : null);
      id.value = '';
      url.value = '';
      await load();
      return made.secret ? ct('webhooks.added', { id: made.id }) : ct('webhooks.moved', { id: made.id });
    }, form);
  });

  replace(body, h('p', { class: 'lede' }, ct('webhooks.lede')), list, message, secretArea, h('h2', null, ct('webhooks.new')), form);
  await load();
}
