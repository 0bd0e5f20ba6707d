package graph

//go:generate go run github.com/99designs/gqlgen generate
//go:generate go run github.com/khlang/khlang/internal/npmdist -stamp graphiql.stamp graphiql:graphiql.min.js=graphiql.min.js graphiql:graphiql.min.css=graphiql.min.css graphiql:LICENSE=GRAPHIQL-LICENSE react:umd/react.production.min.js=react.production.min.js react:LICENSE=REACT-LICENSE react-dom:umd/react-dom.production.min.js=react-dom.production.min.js react-dom:LICENSE=REACT-DOM-LICENSE
