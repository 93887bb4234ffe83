import { ProvisioningContext, type ProvisioningDeps } from './context';
import { CreateService } from './createService';
import { RefreshService } from './refreshService';
import type { ChangePlanRequest, CreateServiceRequest, ServiceAction, ServiceView, UpdateServiceRequest } from './schemas';
import { ServiceActions } from './serviceActions';

/**
 * The lifecycle hooks billing systems call (prepaid), idempotent by `serviceRef`: one entry over
 * the three use cases (create with its claim state machine, refresh, actions on the owned server).
 */
export class ProvisioningService {
  private readonly creates: CreateService;
  private readonly refreshes: RefreshService;
  private readonly actions: ServiceActions;

  private readonly context: ProvisioningContext;

  constructor(deps: ProvisioningDeps) {
    const context = new ProvisioningContext(deps);
    this.context = context;
    this.creates = new CreateService(context);
    this.refreshes = new RefreshService(context);
    this.actions = new ServiceActions(context);
  }

  /** The installation a create names (or the only one); 400 `installation_required` / `unknown_installation`. */
  installationFor(named: string | undefined): string {
    return this.context.installationFor(named);
  }

  create(request: CreateServiceRequest, now: string): Promise<ServiceView> {
    return this.creates.create(request, now);
  }

  get(serviceRef: string, now: string): Promise<ServiceView> {
    return this.refreshes.get(serviceRef, now);
  }

  action(serviceRef: string, action: ServiceAction, now: string): Promise<ServiceView> {
    return this.actions.action(serviceRef, action, now);
  }

  changePlan(serviceRef: string, request: ChangePlanRequest, now: string): Promise<ServiceView> {
    return this.actions.changePlan(serviceRef, request, now);
  }

  update(serviceRef: string, request: UpdateServiceRequest, now: string): Promise<ServiceView> {
    return this.actions.update(serviceRef, request, now);
  }

  terminate(serviceRef: string, now: string): Promise<ServiceView> {
    return this.actions.terminate(serviceRef, now);
  }
}
