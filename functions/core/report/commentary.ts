/**
 * The consultant's commentary: a Markdown subset (paragraphs, bullet and numbered lists, bold, italics)
 * turned into pdfmake content. Parsed with marked's lexer; anything outside the subset is kept as its
 * plain text, never as markup.
 */
import { marked, type Token, type Tokens } from 'marked';
import type { Content } from 'pdfmake/interfaces.js';

type Run = { text: string; bold?: boolean; italics?: boolean };

export function commentaryContent(markdown: string): Content[] {
  return marked.lexer(markdown.replace(/\r\n?/g, '\n')).flatMap(block);
}

function block(token: Token): Content[] {
  switch (token.type) {
    case 'space':
    case 'hr':
      return [];
    case 'paragraph':
    case 'text':
      return [{ text: inline((token as Tokens.Paragraph).tokens ?? [], {}), style: 'body' }];
    case 'heading':
      return [{ text: inline((token as Tokens.Heading).tokens, { bold: true }), style: 'body' }];
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item) => ({ stack: item.tokens.flatMap(block), style: 'body' }));
      return [list.ordered ? { ol: items, margin: [0, 0, 0, 6] } : { ul: items, margin: [0, 0, 0, 6] }];
    }
    case 'blockquote':
      return (token as Tokens.Blockquote).tokens.flatMap(block);
    default:
      return [{ text: plain(token.raw), style: 'body' }];
  }
}

function inline(tokens: readonly Token[], style: Omit<Run, 'text'>): Run[] {
  return tokens.flatMap((token): Run[] => {
    switch (token.type) {
      case 'strong':
        return inline((token as Tokens.Strong).tokens, { ...style, bold: true });
      case 'em':
        return inline((token as Tokens.Em).tokens, { ...style, italics: true });
      case 'text': {
        const text = token as Tokens.Text;
        return text.tokens ? inline(text.tokens, style) : [{ ...style, text: unescape(text.text) }];
      }
      case 'br':
        return [{ ...style, text: '\n' }];
      case 'link':
        return inline((token as Tokens.Link).tokens, style);
      case 'escape':
        return [{ ...style, text: (token as Tokens.Escape).text }];
      default: {
        const text = 'text' in token && typeof token.text === 'string' ? token.text : token.raw;
        return [{ ...style, text: unescape(text.replace(/<[^>]*>/g, '')) }];
      }
    }
  });
}

/** Markup the subset does not support is shown as text without its tags. */
function plain(raw: string): string {
  return unescape(raw.replace(/<[^>]*>/g, '')).trim();
}

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
}
