using System.Text.Json;
using CartStorage;
using Microsoft.AspNetCore.Http;

namespace Cart.Sample.Tests;

/// <summary>
/// The sample's answers to the library's outage and busy exceptions (issue 13): both 503 with Retry-After, and a
/// title that tells them apart truthfully (an unreachable store is not a busy cart).
/// </summary>
public sealed class CartErrorsTests
{
    [Fact]
    public async Task An_unreachable_store_is_503_with_Retry_After_and_says_so()
    {
        var (status, retryAfter, title) = await HandleAsync(new CartStorageUnavailableException("The cart database (sqlite) could not be reached.", "user-1", "default", new IOException("disk")));

        status.Should().Be(StatusCodes.Status503ServiceUnavailable);
        retryAfter.Should().Be("5");
        title.Should().Contain("cannot be reached").And.NotContain("busy").And.NotContain("user-1");
    }

    [Fact]
    public async Task A_busy_cart_stays_503_busy_with_Retry_After()
    {
        var (status, retryAfter, title) = await HandleAsync(new CartLockTimeoutException("another writer holds it", TimeSpan.FromSeconds(2)));

        status.Should().Be(StatusCodes.Status503ServiceUnavailable);
        retryAfter.Should().Be("1");
        title.Should().Contain("busy");
    }

    private static async Task<(int Status, string? RetryAfter, string Title)> HandleAsync(Exception exception)
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        (await new CartErrors().TryHandleAsync(http, exception, CancellationToken.None)).Should().BeTrue();

        http.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(http.Response.Body);
        return (http.Response.StatusCode, http.Response.Headers.RetryAfter.ToString(), problem.RootElement.GetProperty("title").GetString()!);
    }
}
