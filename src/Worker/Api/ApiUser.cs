using System.Security.Claims;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// The one name an authenticated caller goes by wherever a user is meant: conversations, rate buckets, logs and audit.
/// It is <c>jwt:</c> and the token's subject, or <c>apikey:</c> and the key's configured name.
/// </summary>
/// <remarks>
/// The prefix is chosen by how the caller authenticated (the identity's authentication type, which this server sets),
/// never read from the credential: a subject such as <c>apikey:alice</c>, whatever its characters, stays
/// <c>jwt:apikey:alice</c> and cannot name a key's user, nor a key name a token's. Use this, not
/// <c>Identity.Name</c>, which holds the raw subject or key name.
/// </remarks>
internal static class ApiUser
{
    /// <summary>The authentication type JWT bearer identities get (<c>TokenValidationParameters.AuthenticationType</c>).</summary>
    public const string JwtAuthenticationType = "jwt";

    /// <summary>The namespaced name, or null when the caller is not authenticated or its credential names nobody.</summary>
    public static string? NameOf(ClaimsPrincipal user)
    {
        if (user.Identity is not ClaimsIdentity { IsAuthenticated: true, Name: { } name } identity || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        return identity.AuthenticationType switch
        {
            JwtAuthenticationType => "jwt:" + name,
            ApiKeyAuthenticationHandler.SchemeName => "apikey:" + name,
            _ => null,
        };
    }
}
