/** Keys two Odoo orders with the same number claim: which order's line is left out, until one is renumbered in Odoo. */
import type { EngineStatus } from '../../../../shared/engine-types';
import { useI18n } from '../../i18n/i18n';

const SHOWN = 5;

export function KeyCollisionsAlert({ collisions }: { collisions: EngineStatus['keyCollisions'] }) {
  const { m } = useI18n();
  if (collisions.total === 0) return null;
  const shown = collisions.items.slice(0, SHOWN);
  return (
    <div className="alert alert-warn" role="status" data-testid="banner-key-collisions">
      <b>{m.alerts.collisionsTitle(collisions.total)}</b> {m.alerts.collisionsBody}
      <ul className="mono small">
        {shown.map((c) => (
          <li key={`${c.numPedido}|${c.codProduto}|${c.skippedOrderId}`}>
            {m.alerts.collisionLine(c.numPedido, c.codProduto, c.keptOrderId, c.skippedOrderId)}
          </li>
        ))}
        {collisions.total > shown.length && <li>{m.alerts.collisionsMore(collisions.total - shown.length)}</li>}
      </ul>
    </div>
  );
}
