using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// ASP.NET Core's data-protection keys, kept in memory. Nothing in this API protects data with them (no cookies, no
/// antiforgery), so they need not outlive the process, and the framework must not write them into a home folder.
/// </summary>
internal sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];
    private readonly Lock _lock = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
        {
            return _elements.Select(e => new XElement(e)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
        {
            _elements.Add(new XElement(element));
        }
    }
}
