import type { Severity } from '../lib/severity';

/**
 * ArbZG severity as a shape as well as a colour (UX.md rule 3): a violation is an octagon
 * with a cross, a warning a triangle with "!", a note a circle with "i". Decorative: the
 * text next to it says the same.
 */
export function SeverityIcon({ severity, size = 16 }: { severity: Severity; size?: number }) {
  const color = `var(--tm-severity-${severity})`;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      style={{ flex: 'none', verticalAlign: '-0.15em' }}
    >
      {severity === 'violation' && (
        <>
          <path d="M5 1h6l4 4v6l-4 4H5l-4-4V5z" fill={color} />
          <path d="M5.5 5.5l5 5m0-5l-5 5" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
        </>
      )}
      {severity === 'warning' && (
        <>
          <path d="M8 1.2 15.2 14.5H.8z" fill={color} />
          <path d="M8 6v4.2" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="12.4" r="1" fill="#fff" />
        </>
      )}
      {severity === 'info' && (
        <>
          <circle cx="8" cy="8" r="7" fill={color} />
          <path d="M8 7v4.5" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="4.6" r="1" fill="#fff" />
        </>
      )}
    </svg>
  );
}
