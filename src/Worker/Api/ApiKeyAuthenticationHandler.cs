using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Llama3Siem.Worker.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// Static API keys, sent as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>. Keys are
/// compared as SHA-256 digests in constant time, so neither timing nor length tells a caller how close a guess was.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiCredentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request.Headers);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var key in credentials.Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                // The bare key name: ApiUser.NameOf adds the apikey: namespace from the authentication type.
                var claims = new List<Claim> { new(ClaimTypes.Name, key.Name) };
                claims.AddRange(key.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
                var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
    }

    internal static string? PresentedKey(Microsoft.AspNetCore.Http.IHeaderDictionary headers)
    {
        if (headers.TryGetValue(HeaderName, out var header) && header.Count == 1 && !string.IsNullOrEmpty(header[0]))
        {
            return header[0];
        }

        return BearerValue(headers) is { } bearer && !LooksLikeJwt(bearer) ? bearer : null;
    }

    /// <summary>Whether the request carries a credential that a handler will check (and can fail).</summary>
    internal static bool PresentsCredentials(Microsoft.AspNetCore.Http.IHeaderDictionary headers) =>
        headers.ContainsKey(HeaderName) || BearerValue(headers) is not null;

    internal static string? BearerValue(Microsoft.AspNetCore.Http.IHeaderDictionary headers)
    {
        var authorization = headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    /// <summary>A compact JWS has exactly three dot-separated parts; API keys have none.</summary>
    internal static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;
}

/// <summary>The configured API keys as digests, plus the generated one when nothing was configured.</summary>
internal sealed class ApiCredentials
{
    public ApiCredentials(IReadOnlyList<ApiKeyOptions> configured, string? generatedKey)
    {
        var keys = configured
            .Select(k => new Credential(k.Name!, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key!)), k.Roles.ToArray()))
            .ToList();
        if (generatedKey is not null)
        {
            keys.Add(new Credential("generated", SHA256.HashData(Encoding.UTF8.GetBytes(generatedKey)), [ApiRoles.Analyst]));
        }

        Keys = keys;
    }

    public IReadOnlyList<Credential> Keys { get; }

    internal sealed record Credential(string Name, byte[] Digest, IReadOnlyList<string> Roles);
}
