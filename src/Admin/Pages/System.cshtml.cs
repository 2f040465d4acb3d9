using Admin.Status;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Admin.Pages;

public sealed class SystemModel(ServiceStatusProbe probe) : PageModel
{
    public IReadOnlyList<ServiceStatusProbe.ServiceStatus> Services { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Services = await probe.ProbeAsync(cancellationToken);
}
