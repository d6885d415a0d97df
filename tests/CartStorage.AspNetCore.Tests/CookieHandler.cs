using System.Net;

namespace CartStorage.AspNetCore.Tests;

/// <summary>Sends and keeps cookies like a browser (TestServer's handler has no cookie jar).</summary>
public sealed class CookieHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly CookieContainer cookies = new();

    public string? Cookie(string name) => cookies.GetAllCookies().FirstOrDefault(c => c.Name == name)?.Value;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                cookies.SetCookies(uri, value);
            }
        }

        return response;
    }
}
