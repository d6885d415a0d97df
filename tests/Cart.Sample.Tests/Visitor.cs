using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Cart.Sample.Tests;

/// <summary>One browser: an <see cref="HttpClient"/> of the sample with its own cookie container.</summary>
public sealed class Visitor(SampleApp app) : IDisposable
{
    public HttpClient Client { get; } = app.CreateClient();

    public Task<HttpResponseMessage> AddAsync(string id, int quantity, string instance = "default") =>
        Client.PostAsJsonAsync($"/cart/items?instance={instance}", new { id, name = "Item " + id, price = 9.5, quantity });

    public async Task<JsonElement> CartAsync(string instance = "default") => await Client.GetFromJsonAsync<JsonElement>($"/cart?instance={instance}");

    public async Task<long> VersionAsync() => (await CartAsync()).GetProperty("version").GetInt64();

    /// <summary>The <c>ETag</c> header of the cart, quoted, as a client sends it back in <c>If-Match</c>.</summary>
    public async Task<string> ETagAsync(string instance = "default") => (await Client.GetAsync($"/cart?instance={instance}")).Headers.ETag!.Tag;

    public async Task<Dictionary<string, int>> QuantitiesAsync() =>
        (await CartAsync()).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("quantity").GetInt32());

    public Task<HttpResponseMessage> LoginAsync(string user, string query = "") => Client.PostAsJsonAsync("/login" + query, new { user });

    public Task<HttpResponseMessage> CheckoutAsync(string? ifMatch) => SendAsync(HttpMethod.Post, "/cart/checkout", null, ifMatch);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, MediaTypeHeaderValue.Parse("application/json"));
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return Client.SendAsync(request);
    }

    public void Dispose() => Client.Dispose();
}
