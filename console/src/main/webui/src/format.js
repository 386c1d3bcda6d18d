// Number, size and time formatting in the reader's locale.

const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
const pf = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const dtf = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function number(value, digits) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (digits !== undefined) {
    return new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  }
  return nf.format(value);
}

export function percent(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return pf.format(value);
}

/** Bytes in binary units, as the service limits are set (10 MiB a day, 5 MiB a file). */
export function bytes(value) {
  if (value === null || value === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = Number(value);
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function dateTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dtf.format(d);
}

/** "3 minutes ago"; the exact time goes in a title/datetime attribute next to it. */
export function ago(iso) {
  if (!iso) return '–';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  if (!Number.isFinite(seconds)) return String(iso);
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(Math.round(seconds), 'second');
  if (abs < 2700) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 79200) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** A shortened id for tables; the full id stays in the link target and title. */
export function shortId(id) {
  if (!id) return '–';
  return id.length > 14 ? `${id.slice(0, 8)}…` : id;
}

/** SCREAMING_CASE enum names as words: PENDING_REVIEW -> "pending review". */
export function words(name) {
  return name ? String(name).toLowerCase().replaceAll('_', ' ') : '–';
}
