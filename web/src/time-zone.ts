/**
 * Which clock the timetable shows: the event's zone (the default: what the
 * venue's signs say) or the viewer's own, for someone watching from
 * elsewhere. The choice is kept in localStorage, and the zone shown is
 * always written beside the times, whichever it is.
 */
import { h, type Child } from './dom';
import { zoneAbbreviation } from './format';
import { t } from './i18n';

const STORAGE_KEY = 'catalogue.zone';

export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The zone to show an event's times in. */
export const shownZone = (eventZone: string) => (localStorage.getItem(STORAGE_KEY) === 'viewer' ? viewerZone() : eventZone);



/**
 * The switch: two radio buttons naming both zones (with their offsets on the
 * day shown, `at`), the shown one checked. When the viewer is in the
 * event's zone there is nothing to switch, and it is a plain label.
 */
export function zoneSwitch(eventZone: string, at: number, onChange: () => void): HTMLElement {
  const mine = viewerZone();
  // "행사 현지 Asia/Seoul (GMT+9)"; a phone shows only the offset (styles hide the name), so both choices fit on one line.
  const label = (key: 'timetable.zoneEvent' | 'timetable.zoneViewer', zone: string) =>
    [t(key), ' ', h('span', { class: 'zone-id' }, zone), ` (${zoneAbbreviation(zone, at)})`];
  if (mine === eventZone) return h('p', { class: 'zone' }, h('span', { class: 'zone-title' }, `${t('timetable.zone')}: `), label('timetable.zoneEvent', eventZone));
  const shown = shownZone(eventZone);
  const option = (value: 'event' | 'viewer', text: Child[], checked: boolean) =>
    h('label', null, h('input', { type: 'radio', name: 'zone', value, checked }), text);
  const fieldset = h(
    'fieldset',
    { class: 'zone' },
    h('legend', { class: 'zone-title' }, t('timetable.zone')),
    option('event', label('timetable.zoneEvent', eventZone), shown === eventZone),
    option('viewer', label('timetable.zoneViewer', mine), shown !== eventZone),
  );
  fieldset.addEventListener('change', (e) => {
    localStorage.setItem(STORAGE_KEY, (e.target as HTMLInputElement).value);
    onChange();
  });
  return fieldset;
}
