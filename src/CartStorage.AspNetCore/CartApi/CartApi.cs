using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CartStorage.AspNetCore;

/// <summary>
/// The handlers of <c>MapCartApi</c>: each works on the caller's cart (<see cref="ICartOwner"/>), instance
/// <c>?instance=</c> (default <c>default</c>), answers the cart with its ETag, and turns every error into a problem
/// (<see cref="CartApiProblems"/>). A write reads and checks its body before it names an owner, so a rejected write
/// issues no guest cookie.
/// </summary>
internal sealed class CartApi(CartApiOptions options)
{
    private const string DefaultInstance = "default";

    public Task<IResult> GetAsync(string? instance, HttpContext http, CancellationToken ct) => RunAsync(http, async () =>
    {
        var name = instance ?? DefaultInstance;
        var owner = await Owner(http).GetIdentifierAsync(create: false, ct).ConfigureAwait(false);
        var cart = owner.Length == 0 ? null : await Storage(http).GetAsync(owner, name, ct).ConfigureAwait(false);
        return Respond(http, name, cart ?? CartSnapshot.Empty);
    });

    public Task<IResult> AddItemAsync(string? instance, HttpContext http, CancellationToken ct) => RunAsync(http, async () =>
    {
        var item = (await CartApiBody.ReadAsync<CartItemRequest>(http, ct).ConfigureAwait(false)).ToItem();
        return await WriteAsync(http, instance, (storage, owner, name) => storage.AddItemAsync(owner, name, item, ct), ct).ConfigureAwait(false);
    });

    public Task<IResult> SetQuantityAsync(string id, string? instance, HttpContext http, CancellationToken ct) => RunAsync(http, async () =>
    {
        var quantity = (await CartApiBody.ReadAsync<CartQuantityRequest>(http, ct).ConfigureAwait(false)).Quantity;
        if (quantity < 0)
        {
            throw CartApiException.BadInput("quantity", $"quantity {quantity} must be 0 (removes the item) or more.");
        }

        return await ChangeAsync(http, instance, cart => SetQuantity(cart, id, quantity), ct).ConfigureAwait(false);
    });

    public Task<IResult> RemoveItemAsync(string id, string? instance, HttpContext http, CancellationToken ct) =>
        RunAsync(http, () => ChangeAsync(http, instance, cart => SetQuantity(cart, id, 0), ct));

    public Task<IResult> PutConditionsAsync(string? instance, HttpContext http, CancellationToken ct) => RunAsync(http, async () =>
    {
        var conditions = await CartApiBody.ReadAsync<CartCondition[]>(http, ct).ConfigureAwait(false);
        return await ChangeAsync(http, instance, cart => cart with { Conditions = conditions }, ct).ConfigureAwait(false);
    });

    public Task<IResult> PutMetadataAsync(string key, string? instance, HttpContext http, CancellationToken ct) => RunAsync(http, async () =>
    {
        var value = await CartApiBody.ReadAsync<JsonElement>(http, ct).ConfigureAwait(false);
        return await ChangeAsync(http, instance, cart => cart with { Metadata = new Dictionary<string, JsonElement>(cart.Metadata) { [key] = value } }, ct).ConfigureAwait(false);
    });

    /// <summary>
    /// Reads the cart, requires <c>If-Match</c> to name it, runs the application's order step and, only when it
    /// succeeds, removes the cart if it is still the one ordered (<see cref="ICartStorage.ForgetAsync(string, string, string, CancellationToken)"/>).
    /// </summary>
    public Task<IResult> CheckoutAsync(string? instance, HttpContext http, CancellationToken ct) => RunAsync(http, async () =>
    {
        var name = instance ?? DefaultInstance;
        var ifMatch = IfMatch.Of(http.Request)
            ?? throw new CartApiException(StatusCodes.Status428PreconditionRequired, CartProblemTypes.PreconditionRequired, "Checkout needs If-Match with the ETag of the cart being ordered.");
        var owner = await Owner(http).GetIdentifierAsync(create: false, ct).ConfigureAwait(false);
        var storage = Storage(http);
        var cart = (owner.Length == 0 ? null : await storage.GetAsync(owner, name, ct).ConfigureAwait(false)) ?? CartSnapshot.Empty;
        if (!ifMatch.Matches(cart))
        {
            throw CartApiException.PreconditionFailed();
        }

        if (cart.Items.Count == 0)
        {
            throw new CartApiException(StatusCodes.Status409Conflict, CartProblemTypes.EmptyCart, "The cart has no items to order.");
        }

        var result = await options.Checkout!(cart, http).ConfigureAwait(false);
        if (result is IStatusCodeHttpResult { StatusCode: < 200 or >= 300 })
        {
            return result;
        }

        try
        {
            await storage.ForgetAsync(owner, name, cart.ETag, ct).ConfigureAwait(false);
        }
        catch (CartConflictException)
        {
            throw CartApiException.PreconditionFailed();
        }

        return result;
    });

    private static Task<IResult> ChangeAsync(HttpContext http, string? instance, Func<CartSnapshot, CartSnapshot> change, CancellationToken ct) =>
        WriteAsync(http, instance, (storage, owner, name) => storage.UpdateAsync(owner, name, change, ct), ct);

    /// <summary>A write of the caller's cart, through <see cref="CartApiStorage"/> (If-Match, Idempotency-Key); creates the guest if needed.</summary>
    private static async Task<IResult> WriteAsync(HttpContext http, string? instance, Func<ICartStorage, string, string, Task<CartSnapshot>> write, CancellationToken ct)
    {
        var name = instance ?? DefaultInstance;
        var storage = new CartApiStorage(Storage(http), IfMatch.Of(http.Request), CartApiBody.IdempotencyKey(http.Request));
        var owner = await Owner(http).GetIdentifierAsync(create: true, ct).ConfigureAwait(false);
        return Respond(http, name, await write(storage, owner, name).ConfigureAwait(false));
    }

    /// <summary>Sets an item's quantity; 0 removes it; an id the cart does not hold is a 404.</summary>
    private static CartSnapshot SetQuantity(CartSnapshot cart, string id, int quantity)
    {
        if (!cart.Items.Any(i => i.Id == id))
        {
            throw new CartApiException(StatusCodes.Status404NotFound, CartProblemTypes.ItemNotFound, $"The cart has no item '{id}'.");
        }

        return quantity == 0
            ? cart with { Items = [.. cart.Items.Where(i => i.Id != id)] }
            : cart with { Items = [.. cart.Items.Select(i => i.Id == id ? i with { Quantity = quantity } : i)] };
    }

    private static IResult Respond(HttpContext http, string instance, CartSnapshot cart)
    {
        http.Response.Headers.ETag = "\"" + cart.ETag + "\"";
        return TypedResults.Ok(CartResponse.From(instance, cart));
    }

    private static async Task<IResult> RunAsync(HttpContext http, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (Exception e) when (CartApiProblems.From(http, e) is { } problem)
        {
            return problem;
        }
    }

    private static ICartOwner Owner(HttpContext http) => http.RequestServices.GetService<ICartOwner>()
        ?? throw new InvalidOperationException("MapCartApi needs ICartOwner: call services.AddCartStorage(...).AddCartOwner().");

    private static ICartStorage Storage(HttpContext http) => http.RequestServices.GetRequiredService<ICartStorage>();
}
