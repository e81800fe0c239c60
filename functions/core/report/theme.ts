/** The consultancy's brand theme (report-templates/brand/theme.json), bundled by static import. */
import theme from '../../../report-templates/brand/theme.json' with { type: 'json' };

export type Theme = typeof theme;
export const THEME: Theme = theme;
export const FONT_FAMILY = theme.font.family;

/** WCAG 2.1 relative luminance of a `#RRGGBB` colour. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #RRGGBB colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((part) => {
    const value = Number.parseInt(part, 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio, 1 to 21. */
export function contrastRatio(foreground: string, background: string): number {
  const a = relativeLuminance(foreground);
  const b = relativeLuminance(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** White or the theme's ink, whichever reads better on the background (text on a tinted shape). */
export function readableInk(background: string): string {
  const { white, ink } = theme.colors;
  return contrastRatio(white, background) >= contrastRatio(ink, background) ? white : ink;
}
