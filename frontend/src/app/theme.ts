import {
  ActionIcon,
  Badge,
  Burger,
  NavLink,
  Notification,
  createTheme,
  localStorageColorSchemeManager,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';

/**
 * TimeMaster's design language on top of Mantine.
 *
 * Colours: a petrol blue brand colour and re-tuned semantic palettes (green = OK, orange =
 * warning, red = error, gray = neutral). Mantine's default green/orange/yellow shades are too
 * light for text, so every palette here keeps these contrasts (WCAG AA, ≥ 4.5:1):
 *   - white text on shade 7 (filled, light scheme) and shade 8 (filled, dark scheme)
 *   - shade 9 text on shade 1 (variant "light", light scheme)
 *   - shade 4 text on the dark body (links and `*-text` in the dark scheme)
 * Colour never carries meaning alone: pair it with a word or an icon (UX.md rule 3).
 */
const brand: MantineColorsTuple = [
  '#e6f4f7',
  '#cfe6ec',
  '#9fcdd9',
  '#6cb3c6',
  '#4a9db4',
  '#3b8ea7',
  '#2f7f97',
  '#1f6a80',
  '#145a6e',
  '#0b4a5c',
];

const green: MantineColorsTuple = [
  '#ebfbee',
  '#d3f9d8',
  '#b2f2bb',
  '#8ce99a',
  '#69db7c',
  '#40c057',
  '#2f9e44',
  '#237a35',
  '#1b6b2d',
  '#145224',
];

const orange: MantineColorsTuple = [
  '#fff4e6',
  '#ffe8cc',
  '#ffd8a8',
  '#ffc078',
  '#ffa94d',
  '#fd7e14',
  '#e8590c',
  '#b8460a',
  '#9a3a08',
  '#7a2e06',
];

const red: MantineColorsTuple = [
  '#fff5f5',
  '#ffe3e3',
  '#ffc9c9',
  '#ffa8a8',
  '#ff8787',
  '#fa5252',
  '#e03131',
  '#c92a2a',
  '#a82323',
  '#8a1c1c',
];

/** System fonts only: nothing is loaded from third parties (self-hosted, privacy). */
const fontFamily =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif";

/** Minimum size of anything tappable (UX.md rule 5). */
export const TOUCH_TARGET = 44;

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 8 },
  colors: { brand, green, orange, red },
  white: '#ffffff',
  black: '#1a1b1e',
  fontFamily,
  fontFamilyMonospace:
    "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
  headings: { fontFamily, fontWeight: '700' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  respectReducedMotion: true,
  components: {
    ActionIcon: ActionIcon.extend({ defaultProps: { size: TOUCH_TARGET } }),
    Burger: Burger.extend({ defaultProps: { w: TOUCH_TARGET, h: TOUCH_TARGET } }),
    // Status words stay in their written case ("Eingeschränkt"), easier to read than capitals.
    Badge: Badge.extend({ defaultProps: { variant: 'light', tt: 'none', size: 'lg' } }),
    NavLink: NavLink.extend({ defaultProps: { mih: TOUCH_TARGET } }),
    // Mantine's default description grey (gray-6) is below 4.5:1 on white.
    Notification: Notification.extend({
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    }),
  },
});

/**
 * Mantine's default "dimmed" and error colours fall below 4.5:1 on the page background;
 * these replacements meet it in both schemes.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-7)',
    '--mantine-color-success': 'var(--mantine-color-green-7)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--mantine-color-success': 'var(--mantine-color-green-4)',
  },
});

/** Light, dark or "auto" (follow the OS), remembered in localStorage across visits. */
export const colorSchemeManager = localStorageColorSchemeManager({
  key: 'timemaster.color-scheme',
});
