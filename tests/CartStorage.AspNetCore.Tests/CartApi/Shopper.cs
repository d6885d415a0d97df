using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CartStorage.AspNetCore.Tests.CartApi;

/// <summary>One browser of a <see cref="CartApiHost"/>: an <see cref="HttpClient"/> with its own cookie jar.</summary>
public sealed class Shopper(HttpClient client, CookieHandler jar) : IDisposable
{
    public HttpClient Client { get; } = client;

    /// <summary>A bearer token sent with every request (<c>Authorization: Bearer {user}</c>), or none.</summary>
    public string? Bearer { get; set; }

    public string? Cookie(string name) => jar.Cookie(name);

    public Task<HttpResponseMessage> AddAsync(string id, int quantity = 1, string instance = "default") =>
        SendAsync(HttpMethod.Post, $"/cart/items?instance={instance}", JsonSerializer.Serialize(new { id, name = "Item " + id, price = 9.5, quantity }));

    public async Task<JsonElement> CartAsync(string instance = "default")
    {
        var response = await SendAsync(HttpMethod.Get, $"/cart?instance={instance}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<Dictionary<string, int>> QuantitiesAsync(string instance = "default") =>
        (await CartAsync(instance)).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("quantity").GetInt32());

    /// <summary>The cart's <c>ETag</c> header, quoted, as a client sends it back in <c>If-Match</c>.</summary>
    public async Task<string> ETagAsync(string instance = "default") => (await SendAsync(HttpMethod.Get, $"/cart?instance={instance}")).Headers.ETag!.Tag;

    public Task<HttpResponseMessage> LoginAsync(string user) => SendAsync(HttpMethod.Post, "/login?user=" + Uri.EscapeDataString(user));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null, string? ifMatch = null, string? idempotencyKey = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (Bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
        }

        return Client.SendAsync(request);
    }

    public void Dispose() => Client.Dispose();
}
