using CartStorage;
using CartStorage.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the cart API of the caller's cart (package CartStorage.AspNetCore).</summary>
public static class CartApiEndpointRouteBuilderExtensions
{
    private const string Json = "application/json";

    /// <summary>
    /// Maps the caller's cart (<see cref="ICartOwner"/>, registered by <c>.AddCartOwner()</c>) under
    /// <paramref name="prefix"/>: <c>GET</c>, <c>POST items</c>, <c>PATCH items/{id}</c>, <c>DELETE items/{id}</c>,
    /// <c>PUT conditions</c>, <c>PUT metadata/{key}</c>, and <c>POST checkout</c> when <see cref="CartApiOptions.Checkout"/>
    /// is set. <c>?instance=</c> selects another cart of the caller (default <c>default</c>).
    /// </summary>
    /// <remarks>
    /// Every answer with a cart carries <c>ETag: "{CartSnapshot.ETag}"</c>. Writes take <c>If-Match</c> (412 when it
    /// names another cart, checked inside the store's read-modify-write) and <c>Idempotency-Key</c>; bodies are JSON
    /// only (415 otherwise). Errors are RFC 9457 problems whose <c>type</c> is one of <see cref="CartProblemTypes"/>.
    /// Every route has OpenAPI metadata (summary, description, response types).
    /// </remarks>
    /// <param name="endpoints">The application (<c>app</c>) or a route group.</param>
    /// <param name="prefix">The route prefix; default <c>/cart</c>.</param>
    /// <param name="configure">Sets <see cref="CartApiOptions"/>, such as the checkout's order step.</param>
    /// <returns>The route group, for <c>.RequireAuthorization()</c>, <c>.WithTags(...)</c>, ...</returns>
    public static RouteGroupBuilder MapCartApi(this IEndpointRouteBuilder endpoints, string prefix = "/cart", Action<CartApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new CartApiOptions();
        configure?.Invoke(options);
        var api = new CartApi(options);
        var group = endpoints.MapGroup(prefix);

        group.MapGet("/", api.GetAsync)
            .WithSummary("The caller's cart")
            .WithDescription("The cart of the signed-in user or of the guest cookie; an empty cart (ETag \"0\") for a visitor without one. Sets no cookie.")
            .Produces<CartResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        Write(group.MapPost("/items", api.AddItemAsync), typeof(CartItemRequest))
            .WithSummary("Add an item")
            .WithDescription("Adds the item, or adds its quantity to the item with the same id. Only id is required.");

        Write(group.MapPatch("/items/{id}", api.SetQuantityAsync), typeof(CartQuantityRequest))
            .WithSummary("Set an item's quantity")
            .WithDescription("Sets the quantity of the item; 0 removes it. 404 for an item the cart does not hold.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        Write(group.MapDelete("/items/{id}", api.RemoveItemAsync), null)
            .WithSummary("Remove an item")
            .WithDescription("Removes the item. 404 for an item the cart does not hold.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        Write(group.MapPut("/conditions", api.PutConditionsAsync), typeof(CartCondition[]))
            .WithSummary("Replace the cart's conditions")
            .WithDescription("Replaces the cart-level conditions (discounts, taxes, shipping).");

        Write(group.MapPut("/metadata/{key}", api.PutMetadataAsync), typeof(System.Text.Json.JsonElement))
            .WithSummary("Set a metadata value")
            .WithDescription("Sets one metadata value of the cart: any JSON.");

        if (options.Checkout is not null)
        {
            group.MapPost("/checkout", api.CheckoutAsync)
                .WithSummary("Check out the cart")
                .WithDescription("Needs If-Match with the ETag of the cart being ordered (428 without, 412 when the cart changed). Runs the application's order step, then removes the cart only if it is still the one ordered.")
                .Produces(StatusCodes.Status200OK)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .ProducesProblem(StatusCodes.Status428PreconditionRequired)
                .ProducesProblem(StatusCodes.Status500InternalServerError)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        return group;
    }

    private static RouteHandlerBuilder Write(RouteHandlerBuilder route, Type? body)
    {
        if (body is not null)
        {
            route.Accepts(body, Json);
        }

        return route
            .Produces<CartResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }
}
