using System.Security.Claims;
using Llama3Siem.Worker.Api;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>The namespaced user name: how a caller authenticated decides the namespace, never what its credential says.</summary>
public sealed class ApiUserTests
{
    [Theory]
    [InlineData(ApiUser.JwtAuthenticationType, "alice", "jwt:alice")]
    [InlineData(ApiUser.JwtAuthenticationType, "apikey:alice", "jwt:apikey:alice")]
    [InlineData(ApiKeyAuthenticationHandler.SchemeName, "alice", "apikey:alice")]
    [InlineData(ApiKeyAuthenticationHandler.SchemeName, "jwt:alice", "apikey:jwt:alice")]
    [InlineData("Cookies", "alice", null)]
    [InlineData(ApiUser.JwtAuthenticationType, " ", null)]
    public void The_namespace_comes_from_the_authentication_type_whatever_the_name_holds(string authenticationType, string name, string? expected) =>
        Assert.Equal(expected, ApiUser.NameOf(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], authenticationType))));

    [Fact]
    public void An_unauthenticated_caller_has_no_name() =>
        Assert.Null(ApiUser.NameOf(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")]))));
}
