/**
 * Colours the chart draws with. They match the CSS custom properties in styles.css
 * (`--bg`, `--up`, ...), which the rest of the UI uses; change both together.
 * @module
 */

export const theme = {
  background: '#0b0e13',
  panel: '#10151c',
  grid: '#161c25',
  border: '#1f2732',
  text: '#8b95a3',
  textStrong: '#d5dbe3',
  crosshair: '#5b6675',
  up: '#2ebd85',
  down: '#f6465d',
  upVolume: 'rgba(46, 189, 133, 0.45)',
  downVolume: 'rgba(246, 70, 93, 0.45)',
} as const;
