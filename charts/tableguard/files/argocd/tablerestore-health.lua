-- Argo CD health of a tableguard.io TableRestore, from its phase and Ready condition.
-- The single source of argocd-cm's resource.customizations.health.tableguard.io_TableRestore
-- (argocd-cm-snippet.yaml embeds this file verbatim).
--   Progressing  no status yet; a status of an older spec (observedGeneration < generation); or phase Pending
--                (also Ready reason WaitingForSource: the ProtectedTable applied with it is not Ready yet),
--                Queued, Restoring or ApplyingSettings.
--   Healthy      Completed with Ready reason Completed, or AlreadyCompleted (a GitOps re-creation of a restore
--                that ttlAfterCompletion deleted: nothing was restored again, nothing to do).
--   Degraded     Failed (terminal). Also Completed with reason CompletedWithWarnings (a setting such as TTL or
--                PITR is missing on the new table) or OwnershipUnproven (the operator cannot prove it made the
--                table and leaves it untouched: check CloudTrail). The data is there in both, but the restore
--                did not produce what was asked, and a person has to finish it; Healthy would let a sync or
--                an Application's green badge say it is done. The phase is terminal, so the resource stays
--                Degraded until a person deletes it (from Git) or its ttlAfterCompletion does.
-- Never Suspended: a TableRestore cannot be paused; every wait above ends by itself.
local healthyReasons = { Completed = true, AlreadyCompleted = true }

local status = obj.status
if status == nil or status.phase == nil then
  return { status = "Progressing", message = "Waiting for the operator to start the restore" }
end
local generation = obj.metadata.generation or 0
if (status.observedGeneration or 0) < generation then
  return { status = "Progressing", message = "Waiting for the operator to observe generation " .. generation }
end

local reason = nil
for _, condition in ipairs(status.conditions or {}) do
  if condition.type == "Ready" then
    reason = condition.reason
  end
end

if status.phase == "Completed" and healthyReasons[reason] then
  return { status = "Healthy", message = status.message }
end
if status.phase == "Completed" or status.phase == "Failed" then
  return { status = "Degraded", message = status.message }
end
return { status = "Progressing", message = status.message }
