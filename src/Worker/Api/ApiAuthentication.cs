using System.Security.Cryptography;
using Llama3Siem.Worker.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// One default scheme that picks JWT bearer for tokens that look like a JWS and the API-key handler otherwise,
/// so the web page and scripts send every credential the same way (<c>Authorization: Bearer …</c>).
/// </summary>
internal static class ApiAuthentication
{
    public const string SchemeName = "Llama3Siem";
    public const string AnalystPolicy = "analyst";

    public static IServiceCollection AddLlama3SiemAuthentication(this IServiceCollection services, AuthOptions auth, string? generatedKey)
    {
        services.AddSingleton(new ApiCredentials(auth.ApiKeys, generatedKey));
        services.AddSingleton<FailedAuthentications>();
        var authentication = services
            .AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "JWT bearer or API key", policy => policy.ForwardDefaultSelector = context =>
                auth.Jwt.Enabled
                && !context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                && ApiKeyAuthenticationHandler.BearerValue(context.Request.Headers) is { } bearer
                && ApiKeyAuthenticationHandler.LooksLikeJwt(bearer)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });

        if (auth.Jwt.Enabled)
        {
            authentication.AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                // A 401 says only "Bearer": why a token failed (expired when, which check) helps no legitimate caller.
                jwt.IncludeErrorDetails = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Jwt.Issuer,
                    ValidAudience = auth.Jwt.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(auth.Jwt.SigningKey!)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = "sub",
                    AuthenticationType = ApiUser.JwtAuthenticationType,
                    RoleClaimType = auth.Jwt.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AnalystPolicy, policy => policy
                .RequireAuthenticatedUser()
                .RequireRole(ApiRoles.Analyst, ApiRoles.Admin)
                // Rate limits, conversations and logs are per user: a token that names nobody (no `sub`) is refused.
                .RequireAssertion(context => ApiUser.NameOf(context.User) is not null));
        return services;
    }

    /// <summary>
    /// With no credentials configured, one analyst key is generated per start and written where only this user
    /// can read it: the API is then usable on a workstation and still never open.
    /// </summary>
    public static string GenerateKeyFile(string path)
    {
        var key = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Delete(full);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(full, System.Text.Encoding.ASCII, options))
        {
            writer.Write(key);
        }

        return key;
    }
}
