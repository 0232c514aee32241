import type { ComponentPropsWithoutRef } from 'react';

/** Class giving digits equal width; use it on any element that shows times or amounts. */
export const TABULAR_NUMS = 'tm-num';

/** Inline number (time, balance, day count) rendered in tabular figures. */
export function Num({ className, ...props }: ComponentPropsWithoutRef<'span'>) {
  return <span className={className ? `${TABULAR_NUMS} ${className}` : TABULAR_NUMS} {...props} />;
}
