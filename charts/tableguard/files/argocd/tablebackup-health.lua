-- Argo CD health of a tableguard.io TableBackup, from its phase.
-- The single source of argocd-cm's resource.customizations.health.tableguard.io_TableBackup
-- (argocd-cm-snippet.yaml embeds this file verbatim).
--   Progressing  no status yet; a status of an older spec (observedGeneration < generation); or phase Pending
--                (its ProtectedTable does not exist or has not verified its table yet: the message says which;
--                a TableBackup applied together with its ProtectedTable just waits) or Creating.
--   Healthy      Available: the backup exists in AWS and can be restored from.
--   Degraded     Failed (terminal): the table was gone, the adopted backup is not of this table or does not
--                exist. A person has to act; the resource stays Degraded until it is deleted (from Git).
-- Never Suspended: a TableBackup cannot be paused.
local status = obj.status
if status == nil or status.phase == nil then
  return { status = "Progressing", message = "Waiting for the operator to start the backup" }
end
local generation = obj.metadata.generation or 0
if (status.observedGeneration or 0) < generation then
  return { status = "Progressing", message = "Waiting for the operator to observe generation " .. generation }
end
if status.phase == "Available" then
  return { status = "Healthy", message = status.message }
end
if status.phase == "Failed" then
  return { status = "Degraded", message = status.message }
end
return { status = "Progressing", message = status.message }
