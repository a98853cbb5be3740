-- Argo CD health of a tableguard.io ProtectedTable, from its Ready condition.
-- The single source of argocd-cm's resource.customizations.health.tableguard.io_ProtectedTable
-- (argocd-cm-snippet.yaml embeds this file verbatim).
--   Progressing  no status yet; a status of an older spec (observedGeneration < generation); or Ready=False
--                while AWS finishes by itself (TableNotActive, PointInTimeRecoveryEnabling).
--   Healthy      Ready=True (Protected): PITR is on with the declared recovery period.
--   Degraded     Ready=False for any other reason: Conflict, AccessDenied, AccountMismatch, RoleNotAllowed,
--                TableNotFound, InvalidSpec, DriftDetected, ... A person has to act.
-- Never Suspended. driftPolicy Report is not a pause: such a resource is Healthy while PITR is as declared, and
-- its DriftDetected means the table is unprotected now (PITR off or a shorter period) and only a person will put
-- it back. Suspended ranks below Progressing in an Application's health and would hide exactly that.
local waiting = { TableNotActive = true, PointInTimeRecoveryEnabling = true }

local status = obj.status
if status == nil then
  return { status = "Progressing", message = "Waiting for the operator's first check" }
end
local generation = obj.metadata.generation or 0
if (status.observedGeneration or 0) < generation then
  return { status = "Progressing", message = "Waiting for the operator to observe generation " .. generation }
end

local ready = nil
for _, condition in ipairs(status.conditions or {}) do
  if condition.type == "Ready" then
    ready = condition
  end
end
if ready == nil then
  return { status = "Progressing", message = "Waiting for the operator's first check" }
end

local message = status.message or ready.message
if ready.status == "True" then
  return { status = "Healthy", message = message }
end
if waiting[ready.reason] then
  return { status = "Progressing", message = message }
end
return { status = "Degraded", message = message }
