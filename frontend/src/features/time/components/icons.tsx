import type { ReactNode } from 'react';

/**
 * Small inline icons (the app loads no icon font). Always decorative: the text next to them
 * says what they mean, so colour and shape never carry meaning alone (UX rule 3).
 */
function Icon({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      style={{ flex: 'none' }}
    >
      {children}
    </svg>
  );
}

export function LockIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </Icon>
  );
}

/** A violation of the law: an octagon with a cross. */
export function ViolationIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M8 3h8l5 5v8l-5 5H8l-5-5V8z" />
      <path d="M9.5 9.5l5 5M14.5 9.5l-5 5" />
    </Icon>
  );
}

/** A warning: a triangle with an exclamation mark. */
export function WarningIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M12 3l10 18H2z" />
      <path d="M12 10v5M12 18v.01" />
    </Icon>
  );
}

/** Information: a circled i. */
export function InfoIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v6M12 7.5v.01" />
    </Icon>
  );
}

export function ChevronLeftIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M15 5l-7 7 7 7" />
    </Icon>
  );
}

export function ChevronRightIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M9 5l7 7-7 7" />
    </Icon>
  );
}
