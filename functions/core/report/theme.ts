/** The consultancy's brand theme (report-templates/brand/theme.json), bundled by static import. */
import theme from '../../../report-templates/brand/theme.json' with { type: 'json' };

export type Theme = typeof theme;
export const THEME: Theme = theme;
export const FONT_FAMILY = theme.font.family;
