import { marked, type Token, type Tokens } from 'marked';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { href } from '../router.ts';
import { Breadcrumbs, ErrorMessage, PageHeading, Status, useLoad, useServices } from '../ui.tsx';
import { COMMENTARY_MAX } from '../validate.ts';

/**
 * The same Markdown subset the report prints (functions/core/report/commentary.ts): paragraphs, lists,
 * bold and italics; anything else is shown as its plain text. Built as elements, never as HTML.
 */
export function renderMarkdown(markdown: string): ComponentChildren {
  return marked.lexer(markdown.replace(/\r\n?/g, '\n')).map(block);
}

function block(token: Token, key: number): ComponentChildren {
  switch (token.type) {
    case 'space':
    case 'hr':
      return null;
    case 'paragraph':
    case 'text':
      return <p key={key}>{inline((token as Tokens.Paragraph).tokens ?? [{ type: 'text', raw: token.raw, text: token.raw } as Tokens.Text])}</p>;
    case 'heading':
      return (
        <p key={key}>
          <strong>{inline((token as Tokens.Heading).tokens)}</strong>
        </p>
      );
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item, i) => <li key={i}>{item.tokens.map(block)}</li>);
      return list.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
    case 'blockquote':
      return (token as Tokens.Blockquote).tokens.map(block);
    default:
      return <p key={key}>{token.raw}</p>;
  }
}

function inline(tokens: readonly Token[]): ComponentChildren {
  return tokens.map((token, i) => {
    switch (token.type) {
      case 'strong':
        return <strong key={i}>{inline((token as Tokens.Strong).tokens)}</strong>;
      case 'em':
        return <em key={i}>{inline((token as Tokens.Em).tokens)}</em>;
      case 'text': {
        const text = token as Tokens.Text;
        return text.tokens ? inline(text.tokens) : unescape(text.text);
      }
      case 'br':
        return <br key={i} />;
      case 'link':
        return inline((token as Tokens.Link).tokens);
      case 'escape':
        return (token as Tokens.Escape).text;
      default: {
        const text = 'text' in token && typeof token.text === 'string' ? token.text : token.raw;
        return unescape(text.replace(/<[^>]*>/g, ''));
      }
    }
  });
}

const unescape = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _);

export function CommentaryPage({ clientId, year }: { clientId: string; year: number }) {
  const { t } = useT();
  const { api, announce } = useServices();
  const client = useLoad(() => api.client(clientId), [clientId]);
  const stored = useLoad(() => api.commentary(clientId, year), [clientId, year]);
  const [text, setText] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!stored.loading && text === undefined) setText(stored.data?.markdown ?? '');
  }, [stored.loading, stored.data]);

  const name = client.data?.displayName ?? clientId;
  const title = t.commentaryTitle(year);
  const value = text ?? '';
  const tooLong = value.length > COMMENTARY_MAX ? t.commentaryTooLong(value.length) : undefined;

  const save = async (event: Event) => {
    event.preventDefault();
    if (tooLong) return;
    setSaving(true);
    setError(undefined);
    try {
      await api.saveCommentary(clientId, year, value);
      setSaved(t.commentarySaved);
      announce(t.commentarySaved);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Breadcrumbs
        items={[
          { label: t.home, href: href.clients() },
          { label: name, href: href.client(clientId) },
          { label: String(year), href: href.year(clientId, year) },
          { label: title },
        ]}
      />
      <PageHeading title={`${title} – ${name}`}>{title}</PageHeading>
      <p>{t.commentaryIntro}</p>
      <ErrorMessage error={client.error ?? stored.error} />
      {text === undefined && !stored.error && <p>{t.loading}</p>}
      {text !== undefined && (
        <form onSubmit={save} noValidate>
          <div class="editor">
            <div class="field">
              <label for="commentary">{t.commentaryLabel}</label>
              <textarea
                id="commentary"
                rows={18}
                value={value}
                aria-invalid={tooLong ? 'true' : undefined}
                aria-describedby={tooLong ? 'commentary-count commentary-error' : 'commentary-count'}
                onInput={(e) => {
                  setText(e.currentTarget.value);
                  setSaved(undefined);
                }}
              />
              <p id="commentary-count" class="hint">
                {t.commentaryCount(value.length)}
              </p>
              {tooLong && (
                <p id="commentary-error" class="field-error">
                  {tooLong}
                </p>
              )}
            </div>
            <section class="markdown-preview" aria-labelledby="commentary-preview">
              <h2 id="commentary-preview">{t.commentaryPreview}</h2>
              {value.trim() ? renderMarkdown(value) : <p class="muted">{t.commentaryEmpty}</p>}
            </section>
          </div>
          <ErrorMessage error={error} />
          <Status message={saved} />
          <button type="submit" class="primary" disabled={saving}>
            {t.commentarySave}
          </button>
        </form>
      )}
    </>
  );
}
