import { useState } from 'preact/hooks';
import { query } from '../api';
import { Badge, Loading, Picker, TableScroll, TableHead } from '../components/common';
import { utc } from '../format';
import { useLoad } from '../load';
import { href } from '../route';
import { useSession } from '../session';
import type { Service, ServicesPage, ServiceState } from '../types';

const STATES: readonly ServiceState[] = ['creating', 'provisioning', 'active', 'suspended', 'failed', 'terminated'];

/** Services the billing system provisioned through the bridge, as last observed; failed ones say why. */
export function Services({ state }: { readonly state?: string | undefined }) {
  const { api } = useSession();
  const filter = STATES.find((candidate) => candidate === state);
  const [pages, setPages] = useState(1);
  const services = useLoad(async () => {
    const list: Service[] = [];
    let cursor: string | undefined;
    // A filtered page may hold fewer than asked, even none, while more follow: read on until some show.
    for (let read = 0; read < pages || (list.length === 0 && cursor !== undefined); read += 1) {
      const page = await api.get<ServicesPage>(`/v1/services${query({ state: filter, limit: 100, cursor })}`);
      list.push(...page.services);
      cursor = page.nextCursor;
      if (cursor === undefined) break;
    }
    return { list, more: cursor !== undefined };
  }, [api, filter, pages]);
  return (
    <>
      <h1>Services</h1>
      <Picker
        id="state-pick"
        label="State"
        value={filter ?? ''}
        options={[{ value: '', text: 'every state' }, ...STATES.map((candidate) => ({ value: candidate, text: candidate }))]}
        onShow={(value) => (location.hash = href(value === '' ? { page: 'services' } : { page: 'services', state: value }))}
      />
      <Loading loaded={services}>
        {({ list, more }) =>
          list.length === 0 ? (
            <p class="note">No service{filter ? ` is ${filter}` : ' yet: the billing system has created none through the bridge'}.</p>
          ) : (
            <>
              <TableScroll label="Services">
                <table>
                  <TableHead columns={['Service', 'State', 'Installation', 'Server', 'Client', 'Plan', 'Host name', 'Billing', 'Updated']} />
                  <tbody>
                    {list.map((service) => (
                      <tr key={service.serviceRef}>
                        <th scope="row">{service.serviceRef}</th>
                        <td>
                          <Badge kind={service.state}>{service.state}</Badge>
                          {service.failureReason ? <p class="reason">{service.failureReason}</p> : null}
                        </td>
                        <td>{service.installation}</td>
                        <td>{service.serverId ?? '—'}</td>
                        <td>
                          {service.customer.billingClientId} ({service.customer.email})
                        </td>
                        <td>{service.planId}</td>
                        <td>{service.hostname}</td>
                        <td>{service.billingMode}</td>
                        <td>{utc(service.updatedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {more ? (
                <button type="button" class="quiet" onClick={() => setPages(pages + 1)}>
                  Show more services
                </button>
              ) : null}
            </>
          )
        }
      </Loading>
    </>
  );
}
