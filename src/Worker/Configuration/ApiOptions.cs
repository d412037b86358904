namespace Llama3Siem.Worker.Configuration;

/// <summary>
/// The analysts' HTTP API and web page hosted by <c>run</c>. Section <c>Api</c>. The listening address is the
/// standard ASP.NET Core <c>urls</c> setting (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), loopback by default.
/// </summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Where the API listens when no <c>urls</c> setting is given: loopback only, so nothing is exposed by accident.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Host the API in <c>run</c>. With a file source the host then keeps serving after the file is done.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest request body accepted, in bytes; a chat message is a few KiB.</summary>
    public long MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>Requests per minute one user (token subject or API key name) may make to <c>/api</c>.</summary>
    public int RequestsPerMinute { get; set; } = 60;

    /// <summary>Results one <c>GET /api/incidents</c> page may return.</summary>
    public int MaxPageSize { get; set; } = 200;
}
