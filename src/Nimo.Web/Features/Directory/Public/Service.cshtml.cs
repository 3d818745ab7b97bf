using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Directory.Public;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PublishedDirectoryOutputPolicy.Name)]
public sealed class ServiceModel(DirectoryCache cache, TimeProvider clock) : PageModel
{
    public PublicService Service { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var directory = await cache.GetAsync(HttpContext.RequestAborted);
        if (!directory.ById.TryGetValue(id, out var service) || service.Status == ServiceStatus.Defunct)
        {
            return NotFound();
        }

        Today = JapanTime.Today(clock);
        if (PublicCaching.NotModified(HttpContext, directory.Token, Today))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        Service = service;
        return Page();
    }
}
