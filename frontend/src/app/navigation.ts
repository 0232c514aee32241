import type de from '../i18n/de.json';

type NavItemKey = keyof (typeof de)['nav']['items'];

export interface NavItem {
  /** Route path the entry links to. */
  to: string;
  /** Translation key under `nav.items`. */
  key: NavItemKey;
}

/** Entries of the main navigation, in display order. Add a feature here and in router.tsx. */
export const NAV_ITEMS: readonly NavItem[] = [{ to: '/status', key: 'status' }];
