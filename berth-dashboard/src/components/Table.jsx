// A virtualised table: only the rows in view (plus a margin) are in the DOM, so 200 containers or 10,000 layer
// changes scroll smoothly. Rows have one fixed height. Columns: { key, label, width (CSS grid track), render(row),
// className, narrowHide (hidden at phone width) }.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

const OVERSCAN = 8;

export function Table({
  columns, rows, rowKey, rowHeight = 42, rowTestid, rowAttrs, selectable = false, selected, onSelect,
  empty = 'Nothing here yet.', testid, label, maxHeight,
}) {
  const scroller = useRef(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(600);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    setViewHeight(el.clientHeight || 600);
    const ro = new ResizeObserver(() => setViewHeight(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // keep scrollTop within range when the list shrinks (a filter, a removal)
  useEffect(() => {
    const el = scroller.current;
    if (el && el.scrollTop > rows.length * rowHeight) el.scrollTop = 0;
  }, [rows.length]);

  const tracks = (selectable ? ['36px'] : []).concat(columns.map((c) => c.width || 'minmax(100px, 1fr)'));
  const template = { gridTemplateColumns: tracks.join(' ') };
  const narrowTemplate = (selectable ? ['36px'] : []).concat(columns.filter((c) => !c.narrowHide).map((c) => c.width || 'minmax(100px, 1fr)'));
  const [narrow, setNarrow] = useState(() => matchMedia('(max-width: 720px)').matches);
  useEffect(() => {
    const mq = matchMedia('(max-width: 720px)');
    const on = () => setNarrow(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const gridStyle = narrow ? { gridTemplateColumns: narrowTemplate.join(' ') } : template;
  const shown = narrow ? columns.filter((c) => !c.narrowHide) : columns;

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewHeight) / rowHeight) + OVERSCAN);
  const keys = rows.map(rowKey);
  const allSelected = selectable && rows.length > 0 && keys.every((k) => selected.has(k));

  const toggle = (k) => {
    const next = new Set(selected);
    if (next.has(k)) next.delete(k); else next.add(k);
    onSelect(next);
  };
  const toggleAll = () => onSelect(allSelected ? new Set() : new Set(keys));

  return (
    <div class="vtable panel" data-testid={testid} role="table" aria-label={label} aria-rowcount={rows.length + 1}
         style={maxHeight ? { maxHeight } : undefined}>
      <div class="vtable-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div class="vrow vhead" role="row" style={gridStyle}>
          {selectable && (
            <div role="columnheader">
              <input type="checkbox" aria-label="Select all" checked={allSelected} onChange={toggleAll} data-testid="select-all" />
            </div>
          )}
          {shown.map((c) => <div role="columnheader" key={c.key} class={c.className}>{c.label}</div>)}
        </div>
        {rows.length === 0 ? <div class="empty" data-testid="table-empty">{empty}</div> : (
          <div class="vbody" style={{ height: `${rows.length * rowHeight}px`, position: 'relative' }}>
            {rows.slice(first, last).map((row, i) => {
              const index = first + i;
              const k = keys[index];
              const isSel = selectable && selected.has(k);
              return (
                <div key={k} role="row" aria-rowindex={index + 2} class={`vrow${isSel ? ' selected' : ''}`}
                     data-testid={rowTestid} {...(rowAttrs ? rowAttrs(row) : {})}
                     style={{ ...gridStyle, position: 'absolute', left: 0, right: 0, top: `${index * rowHeight}px`, height: `${rowHeight}px` }}>
                  {selectable && (
                    <div role="cell">
                      <input type="checkbox" aria-label="Select row" checked={isSel} onChange={() => toggle(k)} data-testid="row-select" />
                    </div>
                  )}
                  {shown.map((c) => <div role="cell" key={c.key} class={c.className}>{c.render ? c.render(row) : row[c.key]}</div>)}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
