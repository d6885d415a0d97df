using Cart.Sample;
using CartStorage;
using CartStorage.AspNetCore;
using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);

// The backend is chosen by configuration only (appsettings.json, environment): see README.md.
var cart = builder.Services.AddCartStorage(builder.Configuration.GetSection(CartStorageOptions.SectionName));
SampleBackends.Register(cart, builder.Configuration);

// Who owns the cart: the signed-in user, else a guest in a Data Protection-protected cookie; the guest's carts are
// merged into the user's on the first signed-in request (Cart:Owner in appsettings.json).
cart.AddCartOwner();
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
{
    o.Cookie.Name = ".cart.auth";
    o.Cookie.SameSite = SameSiteMode.Lax;
    o.Events.OnRedirectToLogin = context =>
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    };
});

builder.Services.AddProblemDetails();
builder.Services.AddSession(o => o.Cookie.Name = ".cart.session");
builder.Services.AddHealthChecks().AddCartStorage();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseSession();
app.MapAccountEndpoints();

// The caller's cart at /cart; the order step of a real shop goes in Checkout (here: it answers the cart ordered).
app.MapCartApi("/cart", o => o.Checkout = (ordered, http) =>
    Task.FromResult<IResult>(TypedResults.Ok(CartResponse.From(http.Request.Query["instance"].FirstOrDefault() ?? "default", ordered))));
app.MapHealthChecks("/health");
app.Run();

/// <summary>The sample's entry point, visible to its end-to-end tests.</summary>
public partial class Program;
